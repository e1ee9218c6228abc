package whatsapp

import (
	"context"
	"log/slog"
	"time"

	"go.mau.fi/whatsmeow/types"
	"go.mau.fi/whatsmeow/types/events"

	"labbot/bot"
)

// handleJoinedGroup is labbot added to a group.
func (s *Session) handleJoinedGroup(ctx context.Context, e *events.JoinedGroup) {
	s.timers.group(&e.GroupInfo)
	g := s.groupInfo(ctx, &e.GroupInfo)
	s.inTurn(g.ID, func(ctx context.Context) error { return s.core.GroupJoined(ctx, g) })
}

// handleGroupInfo passes on what of a group's change matters to the core.
func (s *Session) handleGroupInfo(ctx context.Context, e *events.GroupInfo) {
	id := e.JID.String()
	if e.Ephemeral != nil {
		s.timers.set(id, groupTimer(*e.Ephemeral))
	}
	if e.Name != nil {
		name := e.Name.Name
		s.inTurn(id, func(ctx context.Context) error { return s.core.GroupRenamed(ctx, id, name) })
	}
	me, myLID := s.client.Store.GetJID().ToNonAD(), s.client.Store.GetLID().ToNonAD()
	var left []string
	for _, who := range e.Leave {
		if who = who.ToNonAD(); who == me || who == myLID {
			s.inTurn(id, func(ctx context.Context) error { return s.core.GroupLeft(ctx, id) })
			return
		}
		left = append(left, userID(ctx, who, types.EmptyJID, s.container.LIDMap))
	}
	if len(left) > 0 {
		s.inTurn(id, func(ctx context.Context) error { return s.core.MembersLeft(ctx, id, left) })
	}
	if len(e.Join) > 0 {
		var joined []string
		for _, who := range e.Join {
			joined = append(joined, userID(ctx, who, types.EmptyJID, s.container.LIDMap))
		}
		s.inTurn(id, func(ctx context.Context) error { return s.core.MembersJoined(ctx, id, joined) })
	}
}

func (s *Session) groupInfo(ctx context.Context, g *types.GroupInfo) bot.GroupInfo {
	info := bot.GroupInfo{ID: g.JID.String(), Name: g.Name}
	for _, p := range g.Participants {
		info.Participants = append(info.Participants, userID(ctx, p.JID, p.PhoneNumber, s.container.LIDMap))
	}
	return info
}

// inTurn makes a change to group in the group's turn: a member who wrote
// and then left is not made a member again by her message handled after.
func (s *Session) inTurn(group string, change func(context.Context) error) {
	s.gate.RLock()
	defer s.gate.RUnlock()
	if !s.accepting {
		return
	}
	s.inbox.Do(context.Background(), group, func(ctx context.Context) {
		if err := change(ctx); err != nil {
			s.log.Error("group change", slog.Any("error", err))
		}
	})
}

// syncGroups tells the core every group labbot is in, as on connecting.
// That touches every group: what the inbox holds goes first, and what
// arrives meanwhile waits for it.
func (s *Session) syncGroups() {
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	all, err := s.Transport().Groups(ctx)
	if err != nil {
		s.log.Warn("could not list labbot's groups", slog.Any("error", err))
		return
	}
	s.gate.Lock()
	defer s.gate.Unlock()
	if !s.accepting {
		return
	}
	s.inbox.Wait()
	if err := s.core.GroupsSynced(context.Background(), all); err != nil {
		s.log.Error("group change", slog.Any("error", err))
	}
}
