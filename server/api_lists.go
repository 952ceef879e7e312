package server

import (
	"context"
	"strconv"
	"time"

	"github.com/gofiber/fiber/v2"

	"github.com/roost-embed/roost/storage"
)

// maxListMembers bounds one list; a list timeline merges every member.
const maxListMembers = 5000

// listInput is the body of POST /api/v1/lists.
type listInput struct {
	Owner       string    `json:"owner"`
	Name        string    `json:"name"`
	Description string    `json:"description"`
	Members     *[]string `json:"members"`
}

// membersInput is the body of PUT /api/v1/lists/{id}/members: handles, in
// display order.
type membersInput struct {
	Members []string `json:"members"`
}

// createList serves POST /api/v1/lists.
func (s *Server) createList(c *fiber.Ctx) error {
	var in listInput
	if err := decodeJSON(c, &in); err != nil {
		return err
	}
	if err := validateList(&in); err != nil {
		return err
	}
	ctx, cancel := context.WithTimeout(c.UserContext(), storeWriteTimeout)
	defer cancel()
	owner, err := s.st.UserByHandle(ctx, in.Owner)
	if isNotFound(err) {
		return storage.Invalid("owner", "no user has the handle %q", in.Owner)
	} else if err != nil {
		return err
	}
	var members []*storage.User
	if in.Members != nil {
		if members, err = s.resolveMembers(ctx, *in.Members); err != nil {
			return err
		}
	}
	l := &storage.List{OwnerID: owner.ID, Name: in.Name, Description: in.Description, CreatedAt: time.Now().UTC()}
	ch, err := s.st.CreateList(ctx, l)
	if err != nil {
		return err
	}
	s.changed(ch)
	if in.Members != nil {
		if ch, err = s.st.SetListMembers(ctx, l.ID, userIDs(members)); err != nil {
			return err
		}
		s.changed(ch)
	}
	return sendJSON(c, fiber.StatusCreated, dataBody{s.listView(l, owner, members)})
}

// validateList checks a list's own fields.
func validateList(in *listInput) error {
	if in.Name == "" {
		return storage.Invalid("name", "is required")
	}
	if in.Owner == "" {
		return storage.Invalid("owner", "is required")
	}
	return firstError(
		checkRunes("name", in.Name, maxNameRunes),
		checkRunes("description", in.Description, maxBioRunes),
	)
}

// setListMembers serves PUT /api/v1/lists/{id}/members.
func (s *Server) setListMembers(c *fiber.Ctx) error {
	var in membersInput
	if err := decodeJSON(c, &in); err != nil {
		return err
	}
	id, ok := parseID(c.Params("id"))
	if !ok {
		return errorf(404, "", "no list has the id %q", c.Params("id"))
	}
	ctx, cancel := context.WithTimeout(c.UserContext(), storeWriteTimeout)
	defer cancel()
	l, err := s.st.ListByID(ctx, id)
	if err != nil {
		return err
	}
	members, err := s.resolveMembers(ctx, in.Members)
	if err != nil {
		return err
	}
	ch, err := s.st.SetListMembers(ctx, id, userIDs(members))
	if err != nil {
		return err
	}
	s.changed(ch)
	owner, err := s.st.UserByID(ctx, l.OwnerID)
	if err != nil {
		return err
	}
	return sendJSON(c, fiber.StatusOK, dataBody{s.listView(l, owner, members)})
}

// resolveMembers turns handles into users, naming the first unknown one.
func (s *Server) resolveMembers(ctx context.Context, handles []string) ([]*storage.User, error) {
	if len(handles) > maxListMembers {
		return nil, storage.Invalid("members", "at most %d members are allowed", maxListMembers)
	}
	seen := map[int64]bool{}
	out := make([]*storage.User, 0, len(handles))
	for _, h := range handles {
		u, err := s.st.UserByHandle(ctx, h)
		if isNotFound(err) {
			return nil, storage.Invalid("members", "no user has the handle %q", h)
		} else if err != nil {
			return nil, err
		}
		if seen[u.ID] {
			return nil, storage.Invalid("members", "%q is listed twice", h)
		}
		seen[u.ID] = true
		out = append(out, u)
	}
	return out, nil
}

func userIDs(users []*storage.User) []int64 {
	out := make([]int64, len(users))
	for i, u := range users {
		out[i] = u.ID
	}
	return out
}

func (s *Server) listView(l *storage.List, owner *storage.User, members []*storage.User) listJSON {
	v := listJSON{ID: ID(l.ID), Owner: owner.Handle, Name: l.Name, Description: l.Description,
		Members: []string{}, CreatedAt: l.CreatedAt.UTC(),
		URL: s.cfg.PublicURL + "/embed/list/" + strconv.FormatInt(l.ID, 10)}
	for _, m := range members {
		v.Members = append(v.Members, m.Handle)
	}
	return v
}
