package codec

// Transform reconciles a server operation with a concurrent local one on the
// same base state. It returns what is left of each: serverOut is to be
// applied locally after local, localOut is to be sent after server, so that
// applying server then localOut gives the same state as local then
// serverOut. A nil result means the operation is dropped. Operations are
// never rewritten, only kept or dropped:
//
//	server     local      result (server', local')
//	Create     Create     (nil, nil)
//	Delete     Delete     (nil, nil)
//	Create     Delete     (Create, nil)
//	Delete     Create     (nil, Create)
//	Update     Create     (Update, nil)
//	Create     Update     (nil, Update)
//	Update     Delete     (nil, Delete)
//	Delete     Update     (Delete, nil)
//	Update p   Update p   equal values: (nil, nil); server older: (nil, Update);
//	                      otherwise, ties included: (Update, nil)
//
// Operations on different tasks, and Updates of different properties, are
// both kept.
func Transform(server, local Op) (serverOut, localOut *Op) {
	keepServer, keepLocal := decide(server, local)
	if keepServer {
		serverOut = &server
	}
	if keepLocal {
		localOut = &local
	}
	return serverOut, localOut
}

// decide returns which of the two operations survive the transform.
func decide(server, local Op) (keepServer, keepLocal bool) {
	if server.UUID != local.UUID || !server.Kind.valid() || !local.Kind.valid() {
		return true, true
	}
	switch server.Kind {
	case OpCreate:
		return local.Kind == OpDelete, local.Kind == OpUpdate
	case OpDelete:
		return local.Kind == OpUpdate, local.Kind == OpCreate
	case OpUpdate:
		return decideUpdate(server, local)
	}
	return true, true
}

// decideUpdate handles a server Update against any local operation.
func decideUpdate(server, local Op) (keepServer, keepLocal bool) {
	switch local.Kind {
	case OpCreate:
		return true, false
	case OpDelete:
		return false, true
	case OpUpdate:
		if server.Property != local.Property {
			return true, true
		}
		if sameValue(server.Value, local.Value) {
			return false, false
		}
		if server.Timestamp.Before(local.Timestamp) {
			return false, true
		}
		return true, false
	}
	return true, true
}

// Rebase transforms a run of local operations (not yet on the server)
// against a run of server operations (already on the server, based on the
// same state). Every local operation is transformed against every server
// operation, in order. applyLocally holds what remains of serverOps, to be
// applied to the local state; stillToSend holds what remains of localOps, to
// be sent on top of the server's version. Neither input is modified.
func Rebase(serverOps, localOps []Op) (applyLocally, stillToSend []Op) {
	stillToSend = append([]Op(nil), localOps...)
	for _, s := range serverOps {
		var keep *Op
		keep, stillToSend = rebaseOne(s, stillToSend)
		if keep != nil {
			applyLocally = append(applyLocally, *keep)
		}
	}
	return applyLocally, stillToSend
}

// rebaseOne transforms one server operation through all local operations,
// returning what is left of it and the transformed local operations.
func rebaseOne(server Op, local []Op) (*Op, []Op) {
	cur := &server
	out := local[:0]
	for _, l := range local {
		if cur == nil {
			out = append(out, l)
			continue
		}
		var lOut *Op
		cur, lOut = Transform(*cur, l)
		if lOut != nil {
			out = append(out, *lOut)
		}
	}
	return cur, out
}
