package merge

// mergeModified sets modified to the client's value when it is later than the current
// one, so that modified ends up as the later of both sides. A value that is not epoch
// seconds never wins over one that is; a missing current value always loses.
func mergeModified(p *plan, client clientSide) {
	theirs, ok := client.last[modifiedKey]
	if !ok {
		return
	}
	if ours, ok := p.result[modifiedKey]; ok && !laterEpoch(theirs, ours) {
		return
	}
	p.set(modifiedKey, &theirs, client.timeOf(modifiedKey))
}

// laterEpoch reports whether a is a later date than b (both epoch seconds as text); a
// date is later than anything that is not one.
func laterEpoch(a, b string) bool {
	ta, ok := epochTime(a)
	if !ok {
		return false
	}
	tb, ok := epochTime(b)
	return !ok || ta.After(tb)
}
