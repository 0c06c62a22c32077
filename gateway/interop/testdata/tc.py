"""Drive a real TaskChampion replica (the taskchampion Python bindings) for the interop tests.

Usage (every command takes the replica directory first; commands that talk to the server take
URL CLIENT_ID SECRET next):

  tc.py add    DIR DESCRIPTION [EDIT ...]        create a pending task, print its uuid
  tc.py edit   DIR UUID EDIT [EDIT ...]          change a task
  tc.py sync   DIR URL CLIENT SECRET [--avoid-snapshots]
  tc.py churn  DIR URL CLIENT SECRET N           N times: change one task, then sync
  tc.py dump   DIR                               print every task as JSON (dates as epoch
                                                 seconds, UDAs as stored)

An EDIT is one of: key=value (description=, project=, priority= or any property), +tag, -tag,
annotate=TEXT, done.

The Go tests make every assertion; this script only acts and reports. Errors go to stderr with
exit status 1.
"""

import datetime
import json
import sys
import uuid

import taskchampion as tc


def replica(path):
    return tc.Replica.new_on_disk(path, True)


def now():
    return datetime.datetime.now(datetime.timezone.utc)


def apply_edit(task, edit, ops):
    if edit == "done":
        task.done(ops)
    elif edit.startswith("+"):
        task.add_tag(tc.Tag(edit[1:]), ops)
    elif edit.startswith("-"):
        task.remove_tag(tc.Tag(edit[1:]), ops)
    elif edit.startswith("annotate="):
        task.add_annotation(tc.Annotation(now(), edit[len("annotate="):]), ops)
    elif edit.startswith("description="):
        task.set_description(edit[len("description="):], ops)
    elif "=" in edit:
        key, value = edit.split("=", 1)
        task.set_value(key, value or None, ops)
    else:
        raise SystemExit(f"unknown edit {edit!r}")


def edit_task(rep, task_uuid, edits):
    task = rep.get_task(task_uuid)
    if task is None:
        raise SystemExit(f"no task {task_uuid}")
    ops = tc.Operations()
    for edit in edits:
        apply_edit(task, edit, ops)
    task.set_modified(now(), ops)
    rep.commit_operations(ops)


def cmd_add(path, description, *edits):
    rep = replica(path)
    ops = tc.Operations()
    task_uuid = str(uuid.uuid4())
    task = rep.create_task(task_uuid, ops)
    task.set_status(tc.Status.Pending, ops)
    task.set_entry(now(), ops)
    task.set_description(description, ops)
    rep.commit_operations(ops)
    if edits:
        edit_task(rep, task_uuid, edits)
    print(task_uuid)


def cmd_edit(path, task_uuid, *edits):
    edit_task(replica(path), task_uuid, edits)


def sync(rep, url, client, secret, avoid_snapshots=False):
    rep.sync_to_remote(url=url, client_id=client, encryption_secret=secret,
                       avoid_snapshots=avoid_snapshots)


def cmd_sync(path, url, client, secret, *flags):
    sync(replica(path), url, client, secret, "--avoid-snapshots" in flags)


def cmd_churn(path, url, client, secret, count):
    """Make one version per iteration: a new task every tenth round, else an edit."""
    rep = replica(path)
    current = None
    for i in range(int(count)):
        ops = tc.Operations()
        if i % 10 == 0:
            current = str(uuid.uuid4())
            task = rep.create_task(current, ops)
            task.set_status(tc.Status.Pending, ops)
            task.set_entry(now(), ops)
        else:
            task = rep.get_task(current)
        task.set_description(f"churn {i}", ops)
        rep.commit_operations(ops)
        sync(rep, url, client, secret)


def status_name(status):
    return repr(status).split(".")[-1].lower()


# Properties TaskChampion counts as UDAs that task_json reports on their own or that only mirror
# tag_ and dep_ keys.
NOT_UDAS = {"project", "tags", "depends"}


def task_json(task):
    tags = sorted(str(t) for t in task.get_tags() if t.is_user())
    udas = {k: v for (ns, k), v in task.get_udas() if not ns and k not in NOT_UDAS}
    return {
        "description": task.get_description(),
        "status": status_name(task.get_status()),
        "project": task.get_value("project"),
        "priority": task.get_value("priority"),
        "due": task.get_value("due"),
        "end": task.get_value("end"),
        "tags": tags,
        "annotations": sorted(a.description for a in task.get_annotations()),
        "udas": udas,
    }


def cmd_dump(path):
    rep = replica(path)
    tasks = {u: task_json(t) for u, t in rep.all_tasks().items()}
    out = {"tasks": tasks, "local_operations": rep.num_local_operations()}
    json.dump(out, sys.stdout, sort_keys=True)


COMMANDS = {
    "add": cmd_add,
    "edit": cmd_edit,
    "sync": cmd_sync,
    "churn": cmd_churn,
    "dump": cmd_dump,
}


def main(argv):
    if len(argv) < 2 or argv[0] not in COMMANDS:
        raise SystemExit(__doc__)
    try:
        COMMANDS[argv[0]](*argv[1:])
    except (RuntimeError, OSError, ValueError) as err:
        print(f"tc.py {argv[0]}: {type(err).__name__}: {err}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
