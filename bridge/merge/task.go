package merge

import (
	"maps"
	"slices"
	"strings"

	"github.com/google/uuid"

	"github.com/taskgate/taskgate/bridge/convert"
	"github.com/taskgate/taskgate/bridge/repair"
)

// MergeTask merges the client's versions of task id (in upload order) with the store's
// state of it, following the rules in the package documentation. The versions' UUID
// fields are not consulted. Without versions nothing changes.
func MergeTask(id uuid.UUID, st State, versions []Version) Result {
	if len(versions) == 0 {
		return Result{UUID: id, Task: maps.Clone(st.Current)}
	}
	server := newServerSide(st)
	client := newClientSide(clientBase(st), versions)
	p := &plan{result: server.start()}
	mergeChanges(p, client, server)
	mergeModified(p, client)
	mergeMirror(p, client, tagPrefix, tagsKey)
	mergeMirror(p, client, depPrefix, dependsKey)
	return Result{
		UUID: id,
		Task: p.result,
		Ops:  p.ops(id, st.Current == nil),
		Echo: !visibleEqual(p.result, client.last),
	}
}

// clientBase returns what the client's versions are compared with: Base, or nothing (a
// nil map reads as an empty task) when the task does not exist now, so that the client's
// last version is taken in full.
func clientBase(st State) convert.TaskMap {
	if st.Current == nil {
		return nil
	}
	return st.Base
}

// mergeChanges applies every change of the client that the server side does not
// override: the server overrides a change when it has its own say on the property and
// its change is as late as the client's or later (a tie keeps the server's value).
func mergeChanges(p *plan, client clientSide, server serverSide) {
	var clashes []repair.Clash
	for _, prop := range client.changes() {
		if equalAt(prop, p.result, client.last) {
			continue
		}
		if c, ok := annotationClash(prop, p.result, client); ok {
			clashes = append(clashes, c)
			continue
		}
		at := client.timeOf(prop)
		if server.claims(prop) && !at.After(server.timeOf(prop)) {
			continue
		}
		p.set(prop, valueOf(client.last, prop), at)
	}
	for _, c := range clashes {
		placeAnnotations(p, c, client)
	}
}

// annotationClash reports whether the client added an annotation under a key that, since its
// base, another client used for an annotation of its own: the same second on two devices.
func annotationClash(prop string, result convert.TaskMap, client clientSide) (repair.Clash, bool) {
	ours, theirs := client.last[prop], result[prop]
	if !strings.HasPrefix(prop, repair.AnnotationPrefix) || ours == "" || theirs == "" || ours == theirs {
		return repair.Clash{}, false
	}
	if _, had := client.base[prop]; had {
		return repair.Clash{}, false
	}
	return repair.Clash{Key: prop, Texts: [2]string{theirs, ours}}, true
}

// placeAnnotations keeps both texts of a clash (see repair.PlaceAnnotations), dated by the
// client's change of the key; the moved text takes no key the client's task has.
func placeAnnotations(p *plan, c repair.Clash, client clientSide) {
	at := client.timeOf(c.Key)
	edits := repair.PlaceAnnotations(p.result, c, client.last, client.base)
	for _, key := range slices.Sorted(maps.Keys(edits)) {
		if value, has := p.result[key]; !has || value != edits[key] {
			v := edits[key]
			p.set(key, &v, at)
		}
	}
}
