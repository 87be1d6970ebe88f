#!/usr/bin/env python3
# What someone with the database file alone (and a SQLite library) can do to
# the audit trail, for tests/audit_log_test.cc: cut its tail, delete or edit a
# record and recompute the chain, or do it with INSERT OR REPLACE (which needs
# no UPDATE or DELETE). The chain is recomputed with the only hash the
# database itself tells of, SHA-256 over the record's fields and the previous
# hash (the published algorithm of store/audit_log.cc before the chain was
# keyed); without the data key nothing better can be computed.
#
# Works on both layouts: the audit table alone (seq, prev, hash), and the
# keyed chain over audit, history and personal_access (a `pos` column in each,
# store/audit_chain.h). Safe while the engine runs (WAL; waits for its lock).
#
#   audit_attack.py DB head                 prints "N HASH"
#   audit_attack.py DB cut K                deletes the last K entries
#   audit_attack.py DB delete SEQ           deletes audit record SEQ, renumbers, recomputes
#   audit_attack.py DB edit SEQ             changes audit record SEQ's actor, recomputes
#   audit_attack.py DB replace SEQ          the same edit by INSERT OR REPLACE only
#   audit_attack.py DB edit-history SEQ     changes the data (note) of history row SEQ
#   audit_attack.py DB delete-access SEQ    deletes personal_access row SEQ
# Each change prints "before N HASH" and "after N HASH" (the heads).
import hashlib
import sqlite3
import sys

TABLES = ("audit", "history", "personal_access")


def keyed_layout(db):
    return any(r[1] == "pos" for r in db.execute("PRAGMA table_info(audit)"))


def escape(s):
    return str(s).replace("\\", "\\\\").replace("\t", "\\t").replace("\n", "\\n")


def audit_text(row, prev):
    # CanonicalAuditText: seq, at, actor, role, source, command, target, result, prev.
    fields = [row["seq"], row["at"], row["actor"], row["role"], row["source"], row["command"], row["target"],
              row["result"]]
    return "\t".join(escape(f) for f in fields) + "\t" + prev


def other_text(row, prev):
    return "\t".join(escape(row[k]) for k in row.keys() if k not in ("prev", "hash")) + "\t" + prev


def entries(db):
    """The chain in order: (table, rowid, position, row)."""
    out = []
    if keyed_layout(db):
        for row in db.execute("SELECT rowid AS rid, * FROM audit WHERE pos IS NULL ORDER BY seq"):
            out.append(("audit", row["rid"], row["seq"], row))
        for table in TABLES:
            for row in db.execute(f"SELECT rowid AS rid, * FROM {table} WHERE pos IS NOT NULL"):
                out.append((table, row["rid"], row["pos"], row))
        out.sort(key=lambda e: (e[3]["pos"] is not None, e[2]))
    else:
        for row in db.execute("SELECT rowid AS rid, * FROM audit ORDER BY seq"):
            out.append(("audit", row["rid"], row["seq"], row))
    return out


def head(db):
    chain = entries(db)
    if not chain:
        return "0 " + "0" * 64
    table, _, pos, row = chain[-1]
    return f"{pos} {row['hash']}"


def drop_guards(db, tables=TABLES):
    for (name,) in db.execute("SELECT name FROM sqlite_master WHERE type = 'trigger' AND tbl_name IN (%s) "
                              "AND name LIKE '%%no_%%'" % ",".join("?" * len(tables)), tables).fetchall():
        db.execute(f"DROP TRIGGER {name}")


def recompute(db, start_position):
    """Relinks every entry from `start_position` on: prev = the previous hash, hash = SHA-256."""
    prev = "0" * 64
    for table, rid, pos, row in entries(db):
        if pos < start_position:
            prev = row["hash"]
            continue
        text = audit_text(row, prev) if table == "audit" else other_text(row, prev)
        digest = hashlib.sha256(text.encode()).hexdigest()
        db.execute(f"UPDATE {table} SET prev = ?, hash = ? WHERE rowid = ?", (prev, digest, rid))
        prev = digest


def position_of_audit(db, seq):
    for table, rid, pos, row in entries(db):
        if table == "audit" and row["seq"] == seq:
            return pos, rid, row
    sys.exit(f"no audit record {seq}")


def main():
    path, action = sys.argv[1], sys.argv[2]
    arg = int(sys.argv[3]) if len(sys.argv) > 3 else 0
    db = sqlite3.connect(path, timeout=30, isolation_level=None)
    db.row_factory = sqlite3.Row
    if action == "head":
        print(head(db))
        return
    db.execute("BEGIN IMMEDIATE")
    print("before", head(db))
    keyed = keyed_layout(db)
    if action == "cut":
        drop_guards(db)
        for table, rid, pos, row in entries(db)[-arg:]:
            db.execute(f"DELETE FROM {table} WHERE rowid = ?", (rid,))
    elif action in ("delete", "edit"):
        drop_guards(db)
        pos, rid, row = position_of_audit(db, arg)
        if action == "edit":
            db.execute("UPDATE audit SET actor = 'mallory' WHERE rowid = ?", (rid,))
        else:
            db.execute("DELETE FROM audit WHERE rowid = ?", (rid,))
            db.execute("UPDATE audit SET seq = seq - 1 WHERE seq > ?", (arg,))
            if keyed:
                for table in TABLES:
                    db.execute(f"UPDATE {table} SET pos = pos - 1 WHERE pos > ?", (pos,))
        recompute(db, pos)
    elif action == "replace":
        # No UPDATE, no DELETE: rewrite the record and every later one by
        # INSERT OR REPLACE, whose deletion fires no DELETE trigger.
        pos, rid, row = position_of_audit(db, arg)
        columns = [k for k in row.keys() if k != "rid"]
        tail = [e for e in entries(db) if e[2] >= pos]
        prev = row["prev"]
        for attempt in (1, 2):
            try:
                for table, rid2, pos2, row2 in tail:
                    values = {k: row2[k] for k in (columns if table == "audit" else [k for k in row2.keys() if k != "rid"])}
                    if table == "audit" and row2["seq"] == arg:
                        values["actor"] = "mallory"
                    text = audit_text(values, prev) if table == "audit" else other_text(values, prev)
                    values["prev"], values["hash"] = prev, hashlib.sha256(text.encode()).hexdigest()
                    prev = values["hash"]
                    names = ", ".join(values)
                    db.execute(f"INSERT OR REPLACE INTO {table} ({names}) VALUES ({', '.join('?' * len(values))})",
                               list(values.values()))
                break
            except sqlite3.DatabaseError as e:
                if attempt == 2:
                    raise
                print("INSERT OR REPLACE refused by a trigger:", e)
                db.execute("ROLLBACK")
                db.execute("BEGIN IMMEDIATE")
                drop_guards(db)
                prev = row["prev"]
    elif action == "edit-history":
        drop_guards(db, ("history",))
        db.execute("""UPDATE history SET data = '{"text": "改ざんされたメモ"}' WHERE seq = ?""", (arg,))
    elif action == "delete-access":
        drop_guards(db, ("personal_access",))
        db.execute("DELETE FROM personal_access WHERE seq = ?", (arg,))
    else:
        sys.exit("unknown action " + action)
    print("after", head(db))
    db.execute("COMMIT")


main()
