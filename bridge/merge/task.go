package merge

import (
	"maps"

	"github.com/google/uuid"

	"github.com/taskgate/taskgate/bridge/convert"
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
	for _, prop := range client.changes() {
		if equalAt(prop, p.result, client.last) {
			continue
		}
		at := client.timeOf(prop)
		if server.claims(prop) && !at.After(server.timeOf(prop)) {
			continue
		}
		p.set(prop, valueOf(client.last, prop), at)
	}
}
