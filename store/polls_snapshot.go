package store

import "context"

const (
	snapshotPollsSQL = `SELECT ` + pollColumns + pollFrom + ` ORDER BY p.num`
	snapshotPostsSQL = `SELECT ` + postColumns + ` FROM poll_posts ORDER BY poll_id, id`
	// snapshotVotesSQL reads what a tally needs, and nothing of who voted.
	snapshotVotesSQL = `SELECT post_id, choices FROM poll_votes`
)

// readPolls reads every poll with its posts and its tally, in tx: what an
// export shows of polls, with no voter.
func readPolls(ctx context.Context, tx querier, s *Snapshot) error {
	polls, err := queryAll(ctx, tx, scanPoll, snapshotPollsSQL)
	if err != nil {
		return err
	}
	at := map[int64]int{}
	for i, p := range polls {
		at[p.ID] = i
	}
	err = eachRow(ctx, tx, snapshotPostsSQL, func(row scanner) error {
		pp, err := scanPollPost(row)
		if i, ok := at[pp.PollID]; ok && err == nil {
			polls[i].Posts = append(polls[i].Posts, pp)
		}
		return err
	})
	if err != nil {
		return err
	}
	tallies := map[int64]*PostTally{}
	for _, p := range polls {
		for _, pp := range p.Posts {
			tallies[pp.ID] = &PostTally{PostID: pp.ID, Counts: make([]int, len(pp.Options))}
		}
	}
	err = eachRow(ctx, tx, snapshotVotesSQL, func(row scanner) error {
		var post int64
		var choices string
		err := row.Scan(&post, &choices)
		if pt := tallies[post]; pt != nil && err == nil && countVote(pt, choices) {
			pt.Voters++
		}
		return err
	})
	if err != nil {
		return err
	}
	s.Polls, s.Tallies = polls, map[int64]PollTally{}
	for _, p := range polls {
		t := PollTally{}
		for _, pp := range p.Posts {
			t.Posts = append(t.Posts, *tallies[pp.ID])
		}
		s.Tallies[p.ID] = t
	}
	return nil
}
