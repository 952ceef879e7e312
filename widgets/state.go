package widgets

import "net/http"

// State is what a visitor may see of a post. The server decides it from the
// store (a missing post, a protected or suspended author); the card renders
// the post or the matching tombstone and the route answers HTTPStatus.
type State int

// The post states of SURFACE.md "Post states".
const (
	StateVisible State = iota
	StateDeleted
	StateProtected
	StateSuspended
)

// HTTPStatus returns the status a card route answers for the state. An
// unknown state is treated as deleted so nothing leaks by accident.
func (s State) HTTPStatus() int {
	switch s {
	case StateVisible:
		return http.StatusOK
	case StateProtected:
		return http.StatusForbidden
	case StateSuspended:
		return http.StatusGone
	default:
		return http.StatusNotFound
	}
}

// String names the state for logs and tests.
func (s State) String() string {
	switch s {
	case StateVisible:
		return "visible"
	case StateProtected:
		return "protected"
	case StateSuspended:
		return "suspended"
	default:
		return "deleted"
	}
}
