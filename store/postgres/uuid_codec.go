package postgres

import (
	"context"
	"fmt"

	"github.com/google/uuid"
	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgtype"
)

// registerUUID makes the connection's type map encode uuid.UUID parameters and scan uuid columns
// into *uuid.UUID directly as 16 bytes. Without it pgx takes uuid.UUID through database/sql's
// Valuer and Scanner, which format and parse the text form (and build an error on the way) for
// every id of every statement.
func registerUUID(_ context.Context, c *pgx.Conn) error {
	c.TypeMap().RegisterType(&pgtype.Type{Name: "uuid", OID: pgtype.UUIDOID, Codec: uuidCodec{}})
	return nil
}

// uuidCodec is pgx's uuid codec with plans of its own for uuid.UUID; every other Go type goes to
// pgx's.
type uuidCodec struct{ pgtype.UUIDCodec }

// PlanEncode returns a plan for uuid.UUID values in the binary format, or pgx's plan.
func (c uuidCodec) PlanEncode(m *pgtype.Map, oid uint32, format int16, value any) pgtype.EncodePlan {
	if _, ok := value.(uuid.UUID); ok && format == pgtype.BinaryFormatCode {
		return encodeUUIDBinary{}
	}
	return c.UUIDCodec.PlanEncode(m, oid, format, value)
}

// PlanScan returns a plan for *uuid.UUID targets in the binary format, or pgx's plan.
func (c uuidCodec) PlanScan(m *pgtype.Map, oid uint32, format int16, target any) pgtype.ScanPlan {
	if _, ok := target.(*uuid.UUID); ok && format == pgtype.BinaryFormatCode {
		return scanUUIDBinary{}
	}
	return c.UUIDCodec.PlanScan(m, oid, format, target)
}

type encodeUUIDBinary struct{}

func (encodeUUIDBinary) Encode(value any, buf []byte) ([]byte, error) {
	id := value.(uuid.UUID)
	return append(buf, id[:]...), nil
}

// scanUUIDBinary leaves the target as it is on NULL, as uuid.UUID's own Scan does, so the store
// reads a NULL uuid the same way whichever format the server sends.
type scanUUIDBinary struct{}

func (scanUUIDBinary) Scan(src []byte, dst any) error {
	if src == nil {
		return nil
	}
	if len(src) != len(uuid.UUID{}) {
		return fmt.Errorf("invalid length for uuid: %d", len(src))
	}
	copy(dst.(*uuid.UUID)[:], src)
	return nil
}
