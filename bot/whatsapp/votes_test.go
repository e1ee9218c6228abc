package whatsapp

import (
	"context"
	"path/filepath"
	"slices"
	"testing"

	"go.mau.fi/whatsmeow"
	"go.mau.fi/whatsmeow/proto/waAdv"
	"go.mau.fi/whatsmeow/proto/waE2E"
	"go.mau.fi/whatsmeow/store/sqlstore"
	"go.mau.fi/whatsmeow/types"
	"go.mau.fi/whatsmeow/types/events"
	"google.golang.org/protobuf/proto"

	"labbot/bot"
	"labbot/bot/outbox"
	"labbot/store"
)

// waDevices is a real whatsmeow SQL store with one client per JID: labbot,
// and the phones that vote.
func waDevices(t *testing.T, jids ...types.JID) []*whatsmeow.Client {
	t.Helper()
	ctx := context.Background()
	dsn := "file:" + filepath.Join(t.TempDir(), "whatsapp.db") + "?_foreign_keys=on&_journal_mode=WAL&_busy_timeout=10000"
	container, err := sqlstore.New(ctx, "sqlite3", dsn, nil)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { container.Close() })
	var clients []*whatsmeow.Client
	for _, jid := range jids {
		dev := container.NewDevice()
		dev.ID, dev.Account = &jid, &waAdv.ADVSignedDeviceIdentity{Details: []byte{}, AccountSignature: make([]byte, 64), AccountSignatureKey: make([]byte, 32), DeviceSignature: make([]byte, 64)}
		if err := container.PutDevice(ctx, dev); err != nil {
			t.Fatal(err)
		}
		clients = append(clients, whatsmeow.NewClient(dev, nil))
	}
	return clients
}

// castVote is a vote as a member's phone sends it: encrypted by whatsmeow's
// own EncryptPollVote with the poll's secret, which her phone got with the
// poll, naming labbot as the poll's sender.
func castVote(t *testing.T, voter *whatsmeow.Client, pollID string, secret []byte, options ...string) *events.Message {
	t.Helper()
	ctx := context.Background()
	if err := voter.Store.MsgSecrets.PutMessageSecret(ctx, group, labbotJID, types.MessageID(pollID), secret); err != nil {
		t.Fatal(err)
	}
	info := &types.MessageInfo{MessageSource: types.MessageSource{Chat: group, Sender: labbotJID, IsGroup: true}, ID: types.MessageID(pollID)}
	upd, err := voter.EncryptPollVote(ctx, info, &waE2E.PollVoteMessage{SelectedOptions: whatsmeow.HashPollOptions(options)})
	if err != nil {
		t.Fatal(err)
	}
	e := event(group, *voter.Store.ID, phone, &waE2E.Message{PollUpdateMessage: upd})
	e.Info.ID = "VOTE-" + pollID
	return e
}

// addPoll records a poll labbot posted in the demo group.
func addPoll(t *testing.T, st *store.Store, msgID string, secret []byte, options ...string) store.Poll {
	t.Helper()
	ctx := context.Background()
	p := store.Poll{Posts: []store.PollPost{{Chat: group.String(), Lang: "en", Question: "When?", Options: options,
		Selectable: 1, Secret: secret, MsgID: msgID}}}
	tx, err := st.Begin(ctx)
	if err != nil {
		t.Fatal(err)
	}
	defer tx.Rollback()
	if err := tx.AddPoll(ctx, &p, at); err != nil {
		t.Fatal(err)
	}
	if err := tx.Commit(); err != nil {
		t.Fatal(err)
	}
	return p
}

// A vote from a member's phone, encrypted as WhatsApp encrypts it, is read
// with the secret labbot stored with its poll, though labbot's own
// whatsmeow store never saw it (a restart on a lost session store, or a
// poll sent by an earlier install): the options it chose come back as
// positions, and the core counts them.
func TestVoteDecryptsWithTheStoredSecret(t *testing.T) {
	ctx := context.Background()
	b, st := testBotStore(t, &fakeClient{}, bot.NewManualClock(at))
	clients := waDevices(t, labbotJID, lid)
	labbot, voter := clients[0], clients[1]
	secret := []byte("0123456789abcdef0123456789abcdef")
	options := []string{"Monday", "Tuesday", "Thursday"}
	p := addPoll(t, st, "POLL1", secret, options...)

	e := castVote(t, voter, "POLL1", secret, "Thursday")
	v, err := readVote(ctx, e, b, labbot.Store.MsgSecrets, labbot, seededLIDs(t))
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(v.Choices, []int{2}) || v.PollMsgID != "POLL1" || v.Chat != group.String() || v.Voter != "+"+phone.User {
		t.Fatalf("vote = %+v", v)
	}
	if err := b.PollVoted(ctx, v); err != nil {
		t.Fatal(err)
	}
	// She changes her mind: the new vote replaces the last.
	e = castVote(t, voter, "POLL1", secret, "Monday")
	e.Info.Timestamp = at.Add(1)
	v, _ = readVote(ctx, e, b, labbot.Store.MsgSecrets, labbot, seededLIDs(t))
	b.PollVoted(ctx, v)
	got, _ := st.PollByNum(ctx, p.Num)
	tally, err := st.Tally(ctx, got)
	if err != nil {
		t.Fatal(err)
	}
	if total := tally.Total(); !slices.Equal(total.Counts, []int{1, 0, 0}) || total.Voters != 1 {
		t.Errorf("tally = %+v, want her one vote, for Monday", total)
	}
}

// A vote in a poll labbot did not send is no business of labbot's; one
// encrypted with another secret is not read.
func TestVoteInAnotherPollIsIgnored(t *testing.T) {
	ctx := context.Background()
	b, st := testBotStore(t, &fakeClient{}, bot.NewManualClock(at))
	clients := waDevices(t, labbotJID, lid)
	labbot, voter := clients[0], clients[1]
	addPoll(t, st, "POLL1", []byte("0123456789abcdef0123456789abcdef"), "yes", "no")
	if _, err := readVote(ctx, castVote(t, voter, "OTHER", []byte("x"), "yes"), b, labbot.Store.MsgSecrets, labbot, nil); err != errNotOurPoll {
		t.Errorf("a vote in someone else's poll: %v, want errNotOurPoll", err)
	}
	if _, err := readVote(ctx, castVote(t, voter, "POLL1", []byte("another secret, not the poll's!"), "yes"), b, labbot.Store.MsgSecrets, labbot, nil); err == nil {
		t.Error("a vote encrypted with another secret was read")
	}
}

// The poll labbot sends is built as whatsmeow builds one, with the secret
// labbot stored: the same on every build, so a retry is the same poll.
func TestBuildPollKeepsItsSecret(t *testing.T) {
	secret := []byte("0123456789abcdef0123456789abcdef")
	p := buildPoll(pollOf(secret), nil)
	again := buildPoll(pollOf(secret), nil)
	pc := p.GetPollCreationMessage()
	if string(p.GetMessageContextInfo().GetMessageSecret()) != string(secret) ||
		string(again.GetMessageContextInfo().GetMessageSecret()) != string(secret) {
		t.Fatal("the poll went out with a secret of whatsmeow's, not labbot's")
	}
	if pc.GetName() != "When?" || len(pc.GetOptions()) != 2 || pc.GetOptions()[1].GetOptionName() != "Friday" || pc.GetSelectableOptionsCount() != 1 {
		t.Errorf("poll = %v", pc)
	}
}

func pollOf(secret []byte) outbox.Poll {
	return outbox.Poll{Question: "When?", Options: []string{"Monday", "Friday"}, Selectable: 1, Secret: secret}
}

// A poll is sent as whatsmeow builds one, with labbot's secret; after a
// restart a phone's retry receipt gets the very same poll, rebuilt from
// its outbox row: same question, options and secret.
func TestPollSentAndRebuiltForARetry(t *testing.T) {
	ctx := context.Background()
	f := &fakeClient{}
	b, st := testBotStore(t, f, bot.NewManualClock(at))
	evt := event(group, phone, types.EmptyJID, &waE2E.Message{Conversation: proto.String("!poll When? | Monday | Friday")})
	evt.Info.ID = "POLLCMD"
	if m, ok := toMessage(ctx, evt, nil); ok {
		b.Handle(ctx, m)
	}
	if _, _, err := b.Sender().SendDue(ctx); err != nil {
		t.Fatal(err)
	}
	var sent *waE2E.Message
	var id types.MessageID
	for _, s := range f.sent {
		if s.msg.GetPollCreationMessage() != nil {
			sent, id = s.msg, s.id
		}
	}
	if sent == nil {
		t.Fatal("no poll was sent")
	}
	pp, err := st.PollPostByMsgID(ctx, string(id))
	if err != nil {
		t.Fatal(err)
	}
	if string(sent.GetMessageContextInfo().GetMessageSecret()) != string(pp.Secret) {
		t.Error("the poll went out with another secret than the one labbot keeps")
	}
	s := idleSession(t, labbotJID)
	s.client.GetMessageForRetry = s.messageForRetry(b.Sender())
	if got := s.client.GetMessageForRetry(phone, group, id); !proto.Equal(got, sent) {
		t.Errorf("rebuilt for the retry:\n%v\nwant what was sent:\n%v", got, sent)
	}
}
