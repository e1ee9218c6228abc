package bot

import "labbot/store"

// placeAnswer decides where answer a to q is kept, and reports whether it
// is kept in r's private group rather than with the question. An answer
// goes where its question is, except one written in a private group to a
// question from elsewhere: what is written in a private group stays there
// unless its writer says otherwise, so it becomes that group's private
// item, and she is told how to share it Lab-wide (answering again in a
// direct message or a public group). docs/DESIGN-NOTES.md says why.
func placeAnswer(r *request, q store.Item, a *store.Item) (keptHere bool) {
	a.QuestionID, a.GroupID, a.Private = q.ID, q.GroupID, q.Private
	if !leavesGroup(r, q) {
		return false
	}
	a.GroupID, a.Private = r.Group.ID, true
	return true
}

// leavesGroup reports whether text written in r about it (an answer, a
// translation) would be shown beyond r's private group, as it would go
// wherever it is: it stays only on that group's own items.
func leavesGroup(r *request, it store.Item) bool {
	return r.Group != nil && r.Group.Private && (!it.Private || it.GroupID != r.Group.ID)
}
