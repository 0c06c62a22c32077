package main

import (
	"fmt"
	mrand "math/rand/v2"
	"strconv"
	"time"

	"github.com/google/uuid"

	"github.com/taskgate/taskgate/champion/codec"
)

// bodySource makes the add-version bodies of one worker's pairs.
type bodySource interface {
	// start picks what the next pair of r adds.
	start(r *replica) error
	// body returns the add-version body carrying it after parent. It is called again with the
	// new parent after a 409, and the body it returns is what get-child-version must give back.
	body(r *replica, parent uuid.UUID) ([]byte, error)
}

// randomBodies fills each pair's body with random bytes: what an encrypted account's server
// stores without reading it.
type randomBodies struct {
	rng *mrand.ChaCha8
	b   []byte
}

func (s *randomBodies) start(*replica) error {
	_, _ = s.rng.Read(s.b) // ChaCha8.Read never fails
	return nil
}

func (s *randomBodies) body(*replica, uuid.UUID) ([]byte, error) { return s.b, nil }

// segmentBodies makes each pair a real history segment that creates a new task, sealed with the
// replica's key after the parent the request names, as a Taskwarrior 3 replica does: the server
// of a plaintext account opens it and applies it to the account's tasks.
type segmentBodies struct {
	rng  *mrand.ChaCha8
	size int
	ops  []codec.Op // of the current pair
}

func (s *segmentBodies) start(*replica) error {
	ops, err := newTaskOps(s.rng, s.size, time.Now())
	s.ops = ops
	return err
}

func (s *segmentBodies) body(r *replica, parent uuid.UUID) ([]byte, error) {
	b, err := codec.SealSegment(r.key, parent, s.ops)
	if err != nil {
		return nil, fmt.Errorf("sealing a history segment: %w", err)
	}
	return b, nil
}

// descriptionLetters are the characters of a padded description: one byte each in JSON.
const descriptionLetters = "abcdefghijklmnopqrstuvwxyz"

// newTaskOps returns the operations creating one pending task at now, as Taskwarrior writes
// them, with a description of random letters padded so that the segment sealed from them is
// size bytes long, or as short as it can be when size is smaller.
func newTaskOps(rng *mrand.ChaCha8, size int, now time.Time) ([]codec.Op, error) {
	var id uuid.UUID
	_, _ = rng.Read(id[:])
	id[6] = id[6]&0x0f | 0x40 // version 4
	id[8] = id[8]&0x3f | 0x80 // RFC 4122 variant
	unix := strconv.FormatInt(now.Unix(), 10)
	ops := []codec.Op{
		codec.Create(id),
		codec.Set(id, "status", "pending", now),
		codec.Set(id, "entry", unix, now),
		codec.Set(id, "modified", unix, now),
		codec.Set(id, "description", "", now),
	}
	plain, err := codec.EncodeSegment(ops)
	if err != nil {
		return nil, fmt.Errorf("encoding a history segment: %w", err)
	}
	desc := make([]byte, max(size-codec.Overhead-len(plain), 1))
	_, _ = rng.Read(desc)
	for i, c := range desc {
		desc[i] = descriptionLetters[int(c)%len(descriptionLetters)]
	}
	ops[len(ops)-1] = codec.Set(id, "description", string(desc), now)
	return ops, nil
}
