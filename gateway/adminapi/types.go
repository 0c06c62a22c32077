package adminapi

import (
	"github.com/google/uuid"

	"github.com/taskgate/taskgate/gateway/accounts"
	"github.com/taskgate/taskgate/store"
)

// CreateRequest is the body of POST /accounts.
type CreateRequest struct {
	Name string     `json:"name"`
	Mode store.Mode `json:"mode"`
	// Taskd, for a plaintext account, adds a Taskwarrior 2.x login and issues its first device
	// certificate (Device, by default the account's name), returned in the answer's device member.
	Taskd *CreateTaskd `json:"taskd,omitempty"`
}

// CreateTaskd is the taskd login of a new account.
type CreateTaskd struct {
	Org    string `json:"org"`
	User   string `json:"user"`
	Device string `json:"device,omitempty"`
}

// ConvertRequest is the body of POST /accounts/NAME/convert.
type ConvertRequest struct {
	// Secret is the encryption secret the account's devices use.
	Secret string `json:"secret"`
}

// DeviceRequest is the body of POST /accounts/NAME/devices.
type DeviceRequest struct {
	// Device names the certificate (its CN); by default the account's name.
	Device string `json:"device,omitempty"`
}

// DevicesResponse answers GET /accounts/NAME/devices.
type DevicesResponse struct {
	Devices []accounts.DeviceInfo `json:"devices"`
}

// RevokeResponse answers DELETE /accounts/NAME/devices/DEVICE.
type RevokeResponse struct {
	// Revoked is how many certificates of the device name were revoked.
	Revoked int `json:"revoked"`
}

// TaskdRequest is the body of POST /accounts/NAME/taskd and …/taskd/rotate.
type TaskdRequest struct {
	Org  string `json:"org"`
	User string `json:"user"`
}

// TaskdResponse holds the Taskwarrior 2.x settings every device of the login shares
// (taskd.server and taskd.credentials).
type TaskdResponse struct {
	Taskrc2 map[string]string `json:"taskrc2"`
}

// ClientRequest is the body of POST /accounts/NAME/clients; without a client id a random one is
// made.
type ClientRequest struct {
	ClientID uuid.UUID `json:"client_id,omitzero"`
}

// ClientsResponse answers GET /accounts/NAME/clients.
type ClientsResponse struct {
	ClientIDs []uuid.UUID `json:"client_ids"`
}

// ClientResponse answers POST /accounts/NAME/clients.
type ClientResponse struct {
	ClientID uuid.UUID `json:"client_id"`
}

// UDAsRequest is the body of PUT /accounts/NAME/udas, and UDAsResponse the answer of every
// …/udas route: UDA names and their types (string, numeric, date, duration).
type UDAsRequest struct {
	UDAs map[string]string `json:"udas"`
}

// UDAsResponse lists the UDA types declared for an account.
type UDAsResponse = UDAsRequest

// UDARequest is the body of PUT /accounts/NAME/udas/ATTR.
type UDARequest struct {
	Type string `json:"type"`
}

// AuditResponse answers GET /audit; NextBefore, when set, is the before parameter of the next
// (older) page.
type AuditResponse struct {
	Entries    []accounts.AuditEntry `json:"entries"`
	NextBefore int64                 `json:"next_before,omitempty"`
}
