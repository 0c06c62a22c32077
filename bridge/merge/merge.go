package merge

import "github.com/google/uuid"

// Merge merges a whole upload: every uploaded task with MergeTask, tasks in the order of
// their first appearance in in.Versions, each with its own versions in upload order. The
// operations of all tasks are concatenated in that order.
func Merge(in Input) Output {
	order, byTask := group(in.Versions)
	out := Output{Results: make([]Result, 0, len(order))}
	for _, id := range order {
		r := MergeTask(id, in.Tasks[id], byTask[id])
		out.Results = append(out.Results, r)
		out.Ops = append(out.Ops, r.Ops...)
	}
	return out
}

// group splits versions by task, keeping the upload order within each task, and returns
// the tasks in the order of their first appearance.
func group(versions []Version) ([]uuid.UUID, map[uuid.UUID][]Version) {
	var order []uuid.UUID
	byTask := make(map[uuid.UUID][]Version)
	for _, v := range versions {
		if _, seen := byTask[v.UUID]; !seen {
			order = append(order, v.UUID)
		}
		byTask[v.UUID] = append(byTask[v.UUID], v)
	}
	return order, byTask
}
