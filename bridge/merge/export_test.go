package merge

// Fold folds versions, of one task in upload order, into one as ParseLines does.
func Fold(versions []Version) Version {
	v := versions[0]
	for _, next := range versions[1:] {
		v = fold(v, next)
	}
	return v
}
