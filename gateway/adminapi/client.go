package adminapi

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/google/uuid"

	"github.com/taskgate/taskgate/bridge/convert"
	"github.com/taskgate/taskgate/gateway/accounts"
	"github.com/taskgate/taskgate/store"
)

// clientTimeout bounds one call of the Client.
const clientTimeout = 2 * time.Minute

// maxAnswer bounds the answer the Client reads.
const maxAnswer = 64 << 20

// Client calls the admin API of a taskgate server. Its methods are those of accounts.Manager,
// and its refusals match the same sentinels with errors.Is, so a caller can use either.
type Client struct {
	base  string
	token string
	http  *http.Client
}

// NewClient returns a Client of the server at base (such as http://127.0.0.1:8081) with the
// bearer token.
func NewClient(base, token string) (*Client, error) {
	u, err := url.Parse(base)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return nil, fmt.Errorf("--server %q is not an http:// or https:// URL", base)
	}
	if token == "" {
		return nil, fmt.Errorf("no admin token: give --token-file FILE or TASKGATE_TOKEN")
	}
	return &Client{base: strings.TrimRight(base, "/") + Prefix, token: token, http: &http.Client{Timeout: clientTimeout}}, nil
}

// do sends a request and decodes a successful answer into out (when not nil).
func (c *Client) do(ctx context.Context, method, path string, in, out any) error {
	var body io.Reader
	if in != nil {
		b, err := json.Marshal(in)
		if err != nil {
			return err
		}
		body = bytes.NewReader(b)
	}
	req, err := http.NewRequestWithContext(ctx, method, c.base+path, body)
	if err != nil {
		return err
	}
	req.Header.Set("Authorization", "Bearer "+c.token)
	if in != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	resp, err := c.http.Do(req)
	if err != nil {
		return fmt.Errorf("calling the admin API: %w", err)
	}
	defer resp.Body.Close()
	raw, err := io.ReadAll(io.LimitReader(resp.Body, maxAnswer))
	if err != nil {
		return fmt.Errorf("reading the admin API's answer: %w", err)
	}
	if resp.StatusCode >= 300 {
		return answerErr(resp.StatusCode, raw)
	}
	if out == nil || len(raw) == 0 {
		return nil
	}
	if err := json.Unmarshal(raw, out); err != nil {
		return fmt.Errorf("the admin API's answer is not the JSON expected: %w", err)
	}
	return nil
}

// answer sends a request and returns its decoded answer. Decoding into a variable that is then
// returned (rather than "return v, c.do(..., &v)", where Go leaves unspecified whether v is read
// before or after the call) makes the value returned the one decoded.
func answer[T any](ctx context.Context, c *Client, method, path string, in any) (T, error) {
	var out T
	err := c.do(ctx, method, path, in, &out)
	return out, err
}

// RemoteError is a refusal of the admin API. It matches the sentinel its code stands for with
// errors.Is.
type RemoteError struct {
	Status int
	Body   Error
}

func (e *RemoteError) Error() string { return e.Body.Message }

// Is matches the sentinel of the error's code.
func (e *RemoteError) Is(target error) bool {
	for _, k := range kinds {
		if k.code == e.Body.Code && k.err == target {
			return true
		}
	}
	return false
}

// answerErr builds the error of a refused request.
func answerErr(status int, raw []byte) error {
	var body Error
	if json.Unmarshal(raw, &body) != nil || body.Message == "" {
		body = Error{Code: "http", Message: fmt.Sprintf("the admin API answered %d %s", status, http.StatusText(status))}
	}
	return &RemoteError{Status: status, Body: body}
}

// name escapes an account or device name for a path.
func name(s string) string { return url.PathEscape(s) }

// ListPage returns one page of accounts, as accounts.Manager.ListPage.
func (c *Client) ListPage(ctx context.Context, after string, limit int) (accounts.Page, error) {
	q := url.Values{"after": {after}, "limit": {strconv.Itoa(limit)}}
	return answer[accounts.Page](ctx, c, http.MethodGet, "/accounts?"+q.Encode(), nil)
}

// Create creates an account, as accounts.Manager.Create.
func (c *Client) Create(ctx context.Context, p accounts.AddParams) (accounts.Created, error) {
	req := CreateRequest{Name: p.Name, Mode: p.Mode}
	if p.Taskd != nil {
		req.Taskd = &CreateTaskd{Org: p.Taskd.Login.Org, User: p.Taskd.Login.User, Device: p.Taskd.Device.Name}
	}
	return answer[accounts.Created](ctx, c, http.MethodPost, "/accounts", req)
}

// Show returns an account with its settings, as accounts.Manager.Show.
func (c *Client) Show(ctx context.Context, account string) (accounts.Details, error) {
	return answer[accounts.Details](ctx, c, http.MethodGet, "/accounts/"+name(account), nil)
}

// Usage returns an account's usage, as accounts.Manager.Usage.
func (c *Client) Usage(ctx context.Context, account string) (accounts.Usage, error) {
	return answer[accounts.Usage](ctx, c, http.MethodGet, "/accounts/"+name(account)+"/usage", nil)
}

// Delete deletes an account, as accounts.Manager.Delete.
func (c *Client) Delete(ctx context.Context, account string) error {
	return c.do(ctx, http.MethodDelete, "/accounts/"+name(account), nil, nil)
}

// Suspend suspends an account, as accounts.Manager.Suspend.
func (c *Client) Suspend(ctx context.Context, account string) error {
	return c.do(ctx, http.MethodPost, "/accounts/"+name(account)+"/suspend", nil, nil)
}

// Resume resumes an account, as accounts.Manager.Resume.
func (c *Client) Resume(ctx context.Context, account string) error {
	return c.do(ctx, http.MethodPost, "/accounts/"+name(account)+"/resume", nil, nil)
}

// Convert makes an encrypted account plaintext, as accounts.Manager.Convert.
func (c *Client) Convert(ctx context.Context, account string, secret []byte) error {
	return c.do(ctx, http.MethodPost, "/accounts/"+name(account)+"/convert", ConvertRequest{Secret: string(secret)}, nil)
}

// DeviceIssue issues a device certificate, as accounts.Manager.DeviceIssue.
func (c *Client) DeviceIssue(ctx context.Context, account, device string) (accounts.IssuedDevice, error) {
	return answer[accounts.IssuedDevice](ctx, c, http.MethodPost, "/accounts/"+name(account)+"/devices", DeviceRequest{Device: device})
}

// Devices lists an account's device certificates, as accounts.Manager.Devices.
func (c *Client) Devices(ctx context.Context, account string) ([]accounts.DeviceInfo, error) {
	r, err := answer[DevicesResponse](ctx, c, http.MethodGet, "/accounts/"+name(account)+"/devices", nil)
	return r.Devices, err
}

// DeviceRevoke revokes a device's certificates, as accounts.Manager.DeviceRevoke.
func (c *Client) DeviceRevoke(ctx context.Context, account, device string) (int, error) {
	r, err := answer[RevokeResponse](ctx, c, http.MethodDelete, "/accounts/"+name(account)+"/devices/"+name(device), nil)
	return r.Revoked, err
}

// TaskdAdd adds a taskd login, as accounts.Manager.TaskdAdd.
func (c *Client) TaskdAdd(ctx context.Context, account string, l accounts.TaskdLogin) (map[string]string, error) {
	r, err := answer[TaskdResponse](ctx, c, http.MethodPost, "/accounts/"+name(account)+"/taskd", TaskdRequest{Org: l.Org, User: l.User})
	return r.Taskrc2, err
}

// TaskdRotate gives a taskd login a new key, as accounts.Manager.TaskdRotate.
func (c *Client) TaskdRotate(ctx context.Context, account string, l accounts.TaskdLogin) (map[string]string, error) {
	r, err := answer[TaskdResponse](ctx, c, http.MethodPost, "/accounts/"+name(account)+"/taskd/rotate", TaskdRequest{Org: l.Org, User: l.User})
	return r.Taskrc2, err
}

// Clients lists an account's client ids, as accounts.Manager.Clients.
func (c *Client) Clients(ctx context.Context, account string) ([]uuid.UUID, error) {
	r, err := answer[ClientsResponse](ctx, c, http.MethodGet, "/accounts/"+name(account)+"/clients", nil)
	return r.ClientIDs, err
}

// ClientAdd adds a client id, as accounts.Manager.ClientAdd.
func (c *Client) ClientAdd(ctx context.Context, account string, id uuid.UUID) (uuid.UUID, error) {
	r, err := answer[ClientResponse](ctx, c, http.MethodPost, "/accounts/"+name(account)+"/clients", ClientRequest{ClientID: id})
	return r.ClientID, err
}

// ClientRemove removes a client id, as accounts.Manager.ClientRemove.
func (c *Client) ClientRemove(ctx context.Context, account string, id uuid.UUID) error {
	return c.do(ctx, http.MethodDelete, "/accounts/"+name(account)+"/clients/"+id.String(), nil, nil)
}

// Audit returns audit entries, as accounts.Manager.Audit.
func (c *Client) Audit(ctx context.Context, account string, beforeID int64, limit int) ([]accounts.AuditEntry, error) {
	q := url.Values{"limit": {strconv.Itoa(limit)}}
	if account != "" {
		q.Set("account", account)
	}
	if beforeID > 0 {
		q.Set("before", strconv.FormatInt(beforeID, 10))
	}
	r, err := answer[AuditResponse](ctx, c, http.MethodGet, "/audit?"+q.Encode(), nil)
	return r.Entries, err
}

// UDATypes returns the UDA types declared for a plaintext account, as accounts.Manager.UDATypes.
func (c *Client) UDATypes(ctx context.Context, account string) (map[string]convert.Type, error) {
	r, err := answer[UDAsResponse](ctx, c, http.MethodGet, "/accounts/"+name(account)+"/udas", nil)
	if err != nil {
		return nil, err
	}
	return ParseUDATypes(r.UDAs)
}

// SetUDATypes declares UDA types of a plaintext account, as accounts.Manager.SetUDATypes.
func (c *Client) SetUDATypes(ctx context.Context, account string, types map[string]convert.Type) error {
	return c.do(ctx, http.MethodPut, "/accounts/"+name(account)+"/udas", UDAsRequest{UDAs: UDATypeNames(types)}, nil)
}

// UnsetUDATypes forgets declared UDA types, as accounts.Manager.UnsetUDATypes.
func (c *Client) UnsetUDATypes(ctx context.Context, account string, udas []string) error {
	q := url.Values{"attr": udas}
	return c.do(ctx, http.MethodDelete, "/accounts/"+name(account)+"/udas?"+q.Encode(), nil, nil)
}

// QuotaGet returns an account's usage and quota, as accounts.Manager.QuotaGet.
func (c *Client) QuotaGet(ctx context.Context, account string) (accounts.QuotaInfo, error) {
	return answer[accounts.QuotaInfo](ctx, c, http.MethodGet, "/accounts/"+name(account)+"/quota", nil)
}

// QuotaSet replaces an account's own quota values, as accounts.Manager.QuotaSet.
func (c *Client) QuotaSet(ctx context.Context, account string, own store.QuotaOverride) error {
	return c.do(ctx, http.MethodPut, "/accounts/"+name(account)+"/quota", own, nil)
}
