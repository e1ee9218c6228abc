package bot

import (
	"context"
	"net/url"
	"strings"

	"labbot/store"
)

// cmdResource saves a link with its title: "resource URL TITLE #tags";
// with a file, "resource TITLE #tags" (issue 17).
func (b *Bot) cmdResource(ctx context.Context, r *request) error {
	if r.Msg.File != nil {
		return b.fileResource(ctx, r)
	}
	link, title := cutWord(r.Inv.Args)
	if link == "" || saysNothing(title) {
		b.wrongUse(r)
		return nil
	}
	if u, err := url.Parse(link); err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" || len(link) > maxURL {
		b.reply(r, b.texts.msg(r.Lang, "resource.bad_url", nil))
		return nil
	}
	if b.tooLong(r, title) {
		return nil
	}
	it := newItem(r, store.KindResource, title)
	it.URL = link
	b.saveResource(r, it)
	return nil
}

// fileResource saves the file r's message carries or quotes as a
// resource titled by the command's words.
func (b *Bot) fileResource(ctx context.Context, r *request) error {
	title := r.Inv.Args
	if b.refusesText(r, title) {
		return nil
	}
	f, ok, err := b.keepFile(ctx, r)
	if !ok {
		return err
	}
	it := newItem(r, store.KindResource, title)
	it.File = f
	b.saveResource(r, it)
	return nil
}

// saveResource saves it with r, and thanks her with its ID.
func (b *Bot) saveResource(r *request, it store.Item) {
	r.save(it, func(it store.Item) {
		b.reply(r, b.texts.msg(r.Lang, "resource.saved", vars{"Ref": bold(it.Ref())}))
	})
}

// cmdResources lists resources, newest first, optionally those with a
// #tag, a page at a time; "resources more" shows the next page.
func (b *Bot) cmdResources(ctx context.Context, r *request) error {
	lp, ok := b.pageFrom(r, "resources")
	if !ok {
		return nil
	}
	if !isMore(r.Inv.Args) {
		lp.query = resourceTag(r.Inv.Args)
	}
	tag := lp.query
	found, total, err := b.store.Resources(ctx, viewer(r), tag, lp.next, listLen)
	if err != nil {
		return err
	}
	if tag != "" {
		// One form on every page: the one her list's resources most use.
		if tag, err = b.store.TagShown(ctx, viewer(r), tag); err != nil {
			return err
		}
	}
	data := vars{"Tag": clip(tag, 32)}
	switch {
	case len(found) == 0 && lp.next > 0:
		b.listEnd(r)
		return nil
	case len(found) == 0:
		key := "resources.none"
		if tag != "" {
			key = "resources.none_tag"
		}
		b.reply(r, b.texts.msg(r.Lang, key, vars{"Tag": data["Tag"], "Usage": b.usage(r.Lang, "resource", true)}))
		return nil
	}
	title := b.texts.msg(r.Lang, "resources.title", nil)
	if tag != "" {
		title = b.texts.msg(r.Lang, "resources.title_tag", data)
	}
	lines := []string{title}
	for _, it := range found {
		line, err := b.itemLine(ctx, r.Lang, it)
		if err != nil {
			return err
		}
		if it.URL != "" {
			line += "\n  " + it.URL
		}
		lines = append(lines, line)
	}
	if more := b.moreLine(r, lp, len(found), total, false); more != "" {
		lines = append(lines, more)
		if tag == "" {
			lines = append(lines, b.texts.msg(r.Lang, "resources.narrow", vars{"Usage": b.cmdWord(r.Lang, "resources") + " #…"}))
		}
	}
	b.reply(r, strings.Join(lines, "\n"))
	return nil
}

// resourceTag is the tag "resources" lists: its first #word, or its first
// word; "" for all.
func resourceTag(args string) string {
	if tags := tagsIn(args); len(tags) > 0 {
		return tags[0]
	}
	if args != "" {
		return strings.TrimLeft(strings.Fields(args)[0], "#")
	}
	return ""
}
