package store

import (
	"context"
	"errors"
	"slices"
	"testing"
	"time"
)

// groupMembers lists the user IDs of group groupID's members, sorted.
func groupMembers(t *testing.T, s *Store, groupID int64) []string {
	t.Helper()
	rows, err := s.rdb.QueryContext(context.Background(),
		`SELECT m.user_id FROM group_members gm JOIN members m ON m.id = gm.member_id WHERE gm.group_id = ? ORDER BY m.user_id`, groupID)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var users []string
	for rows.Next() {
		var u string
		if err := rows.Scan(&u); err != nil {
			t.Fatal(err)
		}
		users = append(users, u)
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	return users
}

// twoGroups opens a store with groups a and b, and members +1 and +2 in
// both.
func twoGroups(t *testing.T) (s *Store, a, b Group) {
	t.Helper()
	s = openTest(t)
	ctx := context.Background()
	s.AddGroup(ctx, Group{Key: "a", JID: "a@g.us", Name: "A", Lang: "en", TZ: "UTC"}, t0)
	s.AddGroup(ctx, Group{Key: "b", JID: "b@g.us", Name: "B", Lang: "es", TZ: "UTC"}, t0)
	a, _ = s.GroupByKey(ctx, "a")
	b, _ = s.GroupByKey(ctx, "b")
	for _, user := range []string{"+1", "+2"} {
		for _, g := range []Group{a, b} {
			if _, _, err := s.SeeMember(ctx, Incoming{Sender: user}, "", g.ID, t0); err != nil {
				t.Fatal(err)
			}
		}
	}
	return s, a, b
}

func TestLeaveGroup(t *testing.T) {
	s, a, b := twoGroups(t)
	ctx := context.Background()
	if left, err := s.LeaveGroup(ctx, a.ID, "+1"); err != nil || !left {
		t.Fatalf("LeaveGroup = %v, %v; want true, nil", left, err)
	}
	if left, err := s.LeaveGroup(ctx, a.ID, "+1"); err != nil || left {
		t.Errorf("LeaveGroup again = %v, %v; want false, nil", left, err)
	}
	if left, err := s.LeaveGroup(ctx, a.ID, "+9"); err != nil || left {
		t.Errorf("LeaveGroup(stranger) = %v, %v; want false, nil", left, err)
	}
	if got := groupMembers(t, s, a.ID); !slices.Equal(got, []string{"+2"}) {
		t.Errorf("members of a = %v, want [+2]", got)
	}
	if got := groupMembers(t, s, b.ID); !slices.Equal(got, []string{"+1", "+2"}) {
		t.Errorf("members of b = %v, want both: she left a only", got)
	}
	if _, err := s.MemberByUser(ctx, "+1"); err != nil {
		t.Errorf("she is no member after leaving a group: %v", err)
	}
}

func TestSetGroupMembers(t *testing.T) {
	for _, tc := range []struct {
		name    string
		users   []string
		want    []string
		removed int64
	}{
		{"the same", []string{"+2", "+1"}, []string{"+1", "+2"}, 0},
		{"one gone, one new", []string{"+2", "+3"}, []string{"+2", "+3"}, 1},
		{"a stranger listed twice", []string{"+3", "+3"}, []string{"+3"}, 2},
		{"nobody", []string{}, nil, 2},
		{"nil", nil, nil, 2},
	} {
		t.Run(tc.name, func(t *testing.T) {
			s, a, b := twoGroups(t)
			ctx := context.Background()
			removed, err := s.SetGroupMembers(ctx, a.ID, tc.users, t0)
			if err != nil || removed != tc.removed {
				t.Fatalf("SetGroupMembers = %d, %v; want %d, nil", removed, err, tc.removed)
			}
			if got := groupMembers(t, s, a.ID); !slices.Equal(got, tc.want) {
				t.Errorf("members of a = %v, want %v", got, tc.want)
			}
			if got := groupMembers(t, s, b.ID); !slices.Equal(got, []string{"+1", "+2"}) {
				t.Errorf("members of b = %v: another group changed", got)
			}
			for _, user := range []string{"+1", "+2"} {
				if _, err := s.MemberByUser(ctx, user); err != nil {
					t.Errorf("%s is no member: %v", user, err)
				}
			}
		})
	}
}

func TestMembers(t *testing.T) {
	s := openTest(t)
	ctx := context.Background()
	s.AddGroup(ctx, Group{Key: "a", JID: "a@g.us", Name: "A", Lang: "en", TZ: "UTC"}, t0)
	s.AddGroup(ctx, Group{Key: "b", JID: "b@g.us", Name: "B", Lang: "es", TZ: "UTC"}, t0)
	a, _ := s.GroupByKey(ctx, "a")
	b, _ := s.GroupByKey(ctx, "b")

	in := Incoming{Chat: "b@g.us", Sender: "+15550000100", MsgID: "1"}
	m, done, err := s.SeeMember(ctx, in, "Amina", b.ID, t0)
	if err != nil || done {
		t.Fatal(done, err)
	}
	in.Chat = "a@g.us"
	if _, _, err := s.SeeMember(ctx, in, "", a.ID, t0.Add(time.Hour)); err != nil {
		t.Fatal(err)
	}
	complete(t, s, in, nil, t0)
	if _, done, _ := s.SeeMember(ctx, in, "Amina", a.ID, t0); !done {
		t.Error("SeeMember did not report a handled message as done")
	}
	got, err := s.MemberByUser(ctx, "+15550000100")
	if err != nil || got.ID != m.ID || got.Name != "Amina" || got.Lang != "" {
		t.Errorf("MemberByUser = %+v, %v; an empty name must not erase the known one", got, err)
	}
	groups, err := s.MemberGroups(ctx, m.ID)
	if err != nil || len(groups) != 2 || groups[0].Key != "b" {
		t.Errorf("MemberGroups = %+v, %v; want b then a, in the order she joined", groups, err)
	}
	if err := s.SetMemberLang(ctx, m.ID, "fr"); err != nil {
		t.Fatal(err)
	}
	if got, _ := s.MemberByUser(ctx, "+15550000100"); got.Lang != "fr" {
		t.Errorf("lang = %q after SetMemberLang(fr)", got.Lang)
	}
	if _, err := s.MemberByUser(ctx, "+19999999999"); !errors.Is(err, ErrNotFound) {
		t.Errorf("unknown member error = %v, want ErrNotFound", err)
	}
}
