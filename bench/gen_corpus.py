#!/usr/bin/env python3
"""Generate a deterministic corpus of realistic PostgreSQL migrations for `bench/lint`.

    bench/gen_corpus.py OUT_DIR --mb N [--seed S]

Writes `<version>_<slug>.up.sql` (+ usually `<version>_<slug>.down.sql`) files with sequential
six-digit versions 000001, 000002, ... until the .sql files in OUT_DIR add up to N MB (10^6 bytes).
The same (N, seed, this script) always gives byte-identical files.

The migrations follow one imaginary application as it grows: a pg_dump-style baseline first, then
tables, columns, indexes (CONCURRENTLY in `-- sqlmigrate:no-transaction` files), NOT VALID
constraints validated later, backfills, enums, views and materialized views, PL/pgSQL functions and
triggers, seed data, renames and drops, and now and then a large squashed module schema or a big
seed file. A few percent of the statements are ones the lint rules exist for (plain CREATE INDEX on
an existing table, ADD COLUMN ... NOT NULL without a default, a foreign key without NOT VALID,
ALTER COLUMN ... TYPE, SET NOT NULL). The model tracks the schema, so applying the up migrations in
order to an empty PostgreSQL 15 database works, not just parsing them.
"""

from __future__ import annotations

import argparse
import hashlib
import os
import random
import re
import sys
from dataclasses import dataclass, field

MODULES = [
    "auth", "billing", "catalog", "inventory", "sales", "shipping", "crm", "support", "analytics",
    "notify", "content", "hr", "payments", "search", "reporting", "integrations", "marketing",
    "projects", "scheduling", "compliance", "storage", "messaging", "loyalty", "pricing",
]
NOUNS = [
    "accounts", "users", "sessions", "api_keys", "invoices", "invoice_items", "payments", "refunds",
    "products", "variants", "prices", "warehouses", "stock_levels", "orders", "order_lines",
    "shipments", "carriers", "contacts", "companies", "deals", "tickets", "ticket_comments", "events",
    "page_views", "notifications", "subscriptions", "plans", "coupons", "articles", "comments", "tags",
    "attachments", "employees", "departments", "tasks", "projects", "milestones", "webhooks",
    "audit_entries", "settings", "feature_flags", "teams", "memberships", "invitations", "addresses",
    "reviews", "categories", "collections", "schedules", "reports", "exports", "imports", "jobs",
    "credentials", "documents", "templates", "campaigns", "segments", "leads", "channels", "devices",
    "locations", "vendors", "contracts", "budgets", "rewards", "quotes", "bundles", "rules",
]
SUFFIXES = ["history", "snapshots", "links", "archive", "drafts", "revisions", "stats", "queue",
            "overrides", "mappings", "daily", "pending"]
LOOKUP_NOUNS = ["statuses", "kinds", "reasons", "levels", "sources", "channels", "regions", "tiers",
                "categories", "priorities"]

WORDS = ("alpha beta gamma delta north south east west red green blue amber silver gold basic pro "
         "team enterprise daily weekly monthly yearly draft review approved rejected archived open "
         "closed pending active paused trial standard express overnight economy priority low medium "
         "high urgent inbound outbound retail wholesale partner internal external legacy primary "
         "secondary manual automatic scheduled recurring").split()
PEOPLE = ["Ada", "Grace", "Linus", "Margaret", "Ken", "Barbara", "O''Brien", "José", "Zoë", "Jürgen",
          "Søren", "Amélie", "Nguyễn", "Łukasz", "Renée"]
REASONS = [
    "the new dashboard filters on it",
    "support needs it when answering tickets",
    "the nightly export reads it",
    "the mobile app sends it since the last release",
    "finance asked for it in the quarterly review",
    "we stop deriving it on every request",
    "the API exposes it from the next version on",
    "the importer needs somewhere to keep it",
    "it replaces a field in the metadata blob",
    "the search page sorts by it",
]

# name, type, default (None: none), probability of NOT NULL, check template (None), value kind
COLUMN_POOL = [
    ("name", "text", None, 0.9, "char_length({c}) <= 200", "text"),
    ("title", "varchar(200)", None, 0.8, None, "text"),
    ("description", "text", None, 0.1, None, "text"),
    ("email", "varchar(320)", None, 0.6, "position('@' in {c}) > 1", "email"),
    ("slug", "varchar(120)", None, 0.9, "{c} ~ '^[a-z0-9-]+$'", "slug"),
    ("amount_cents", "bigint", "0", 0.9, "{c} >= 0", "int"),
    ("currency", "char(3)", "'USD'", 0.9, None, "currency"),
    ("quantity", "integer", "1", 0.9, "{c} > 0", "int"),
    ("is_active", "boolean", "true", 0.95, None, "bool"),
    ("metadata", "jsonb", "'{{}}'::jsonb", 0.8, None, "json"),
    ("settings", "jsonb", None, 0.3, None, "json"),
    ("tags", "text[]", "'{{}}'::text[]", 0.7, None, "array"),
    ("ip_address", "inet", None, 0.1, None, "inet"),
    ("user_agent", "text", None, 0.0, None, "text"),
    ("starts_at", "timestamptz", None, 0.5, None, "ts"),
    ("ends_at", "timestamptz", None, 0.0, None, "ts"),
    ("due_on", "date", None, 0.2, None, "date"),
    ("deleted_at", "timestamptz", None, 0.0, None, "ts"),
    ("archived_at", "timestamptz", None, 0.0, None, "ts"),
    ("score", "double precision", "0", 0.5, None, "float"),
    ("rating", "smallint", None, 0.3, "{c} BETWEEN 1 AND 5", "rating"),
    ("unit_price", "numeric(12,2)", None, 0.7, "{c} >= 0", "money"),
    ("weight_grams", "integer", None, 0.2, "{c} >= 0", "int"),
    ("external_id", "uuid", None, 0.3, None, "uuid"),
    ("token_hash", "bytea", None, 0.8, None, "bytea"),
    ("position", "integer", "0", 0.9, None, "int"),
    ("locale", "varchar(16)", "'en'", 0.9, None, "locale"),
    ("timezone", "text", "'UTC'", 0.9, None, "tz"),
    ("retry_count", "integer", "0", 0.95, "{c} >= 0", "int"),
    ("timeout", "interval", "interval '30 seconds'", 0.6, None, "interval"),
    ("version", "integer", "1", 0.95, None, "int"),
    ("notes", "text", None, 0.0, None, "text"),
    ("phone", "varchar(32)", None, 0.1, None, "phone"),
    ("country_code", "char(2)", None, 0.4, None, "country"),
    ("url", "text", None, 0.2, "{c} ~* '^https?://'", "url"),
    ("checksum", "varchar(64)", None, 0.6, None, "hex"),
    ("priority", "smallint", "0", 0.9, None, "int"),
    ("expires_at", "timestamptz", None, 0.3, None, "ts"),
    ("last_seen_at", "timestamptz", None, 0.0, None, "ts"),
    ("payload", "jsonb", "'{{}}'::jsonb", 0.9, None, "json"),
    ("error_message", "text", None, 0.0, None, "text"),
    ("latitude", "numeric(9,6)", None, 0.2, "{c} BETWEEN -90 AND 90", "lat"),
    ("longitude", "numeric(9,6)", None, 0.2, "{c} BETWEEN -180 AND 180", "lon"),
    ("sort_key", "bigint", None, 0.3, None, "int"),
    ("is_default", "boolean", "false", 0.95, None, "bool"),
    ("color", "varchar(7)", None, 0.2, "{c} ~ '^#[0-9a-f]{{6}}$'", "color"),
    ("search_vector", "tsvector", None, 0.0, None, "tsv"),
    ("size_bytes", "bigint", None, 0.7, "{c} >= 0", "int"),
    ("mime_type", "varchar(255)", None, 0.6, None, "mime"),
    ("started_at", "timestamptz", None, 0.0, None, "ts"),
    ("completed_at", "timestamptz", None, 0.0, None, "ts"),
    ("code", "varchar(64)", None, 0.9, None, "slug"),
    ("label", "text", None, 0.6, None, "text"),
    ("visibility", "text", "'private'", 0.9, "{c} IN ('private', 'internal', 'public')", "visibility"),
    ("attempts", "integer", "0", 0.9, None, "int"),
    ("source", "varchar(40)", None, 0.3, None, "word"),
    ("reference", "varchar(80)", None, 0.4, None, "slug"),
    ("discount_percent", "numeric(5,2)", None, 0.1, "{c} BETWEEN 0 AND 100", "percent"),
    ("order", "integer", "0", 0.9, None, "int"),
    ("type", "varchar(32)", None, 0.9, None, "word"),
    ("key", "text", None, 0.9, None, "slug"),
    ("value", "jsonb", None, 0.5, None, "json"),
    ("published_at", "timestamptz", None, 0.0, None, "ts"),
    ("body", "text", None, 0.7, None, "text"),
    ("summary", "varchar(500)", None, 0.0, None, "text"),
    ("ttl_seconds", "integer", "3600", 0.9, "{c} > 0", "int"),
    ("hits", "bigint", "0", 0.95, None, "int"),
]
RESERVED = {"order", "user", "position", "type", "key", "value"}  # quoted when emitted, as many projects do
TS_COLUMNS = ["created_at", "updated_at"]

NAMEDATALEN = 63


def ident(name: str) -> str:
    return f'"{name}"' if name in RESERVED else name


def enum_column(enum: str) -> str:
    """The column an enum type is usually stored in: `billing_invoice_status_2` -> `status`."""
    return re.findall(r"[a-z]+", enum)[-1]


def singular(noun: str) -> str:
    last = noun.split("_")[-1]
    head = noun[: len(noun) - len(last)]
    if last.endswith("ies"):
        last = last[:-3] + "y"
    elif last.endswith(("sses", "ches", "shes", "xes")):
        last = last[:-2]
    elif last.endswith("s") and not last.endswith("ss"):
        last = last[:-1]
    return head + last


@dataclass
class Col:
    name: str
    type: str
    not_null: bool = False
    default: str | None = None
    kind: str = "text"
    pinned: bool = False  # used by a view, function or key: never dropped, retyped or renamed
    check: str | None = None


@dataclass
class Table:
    name: str
    noun: str
    module: str
    pk_type: str
    cols: dict = field(default_factory=dict)  # name -> Col, in order
    lookup: bool = False
    seeded: bool = False
    dependents: int = 0  # FKs, views and functions that point here
    identity: bool = False
    constraints: list = field(default_factory=list)  # named constraints added by ALTER TABLE
    pending_validation: list = field(default_factory=list)
    triggers: list = field(default_factory=list)
    fks: list = field(default_factory=list)  # (column, parent table name)
    next_id: int = 1  # lookup tables: next seed id


@dataclass
class Style:
    upper: bool
    indent: str
    align: bool
    index_prefix: bool  # idx_<table>_<cols> instead of <table>_<cols>_idx


class Corpus:
    def __init__(self, seed: int):
        self.rng = random.Random(seed)
        self.tables: dict[str, Table] = {}
        self.table_order: list[str] = []  # creation order; dropped names are skipped lazily
        self.pending: dict[str, None] = {}  # tables with constraints waiting for VALIDATE
        self.relnames: dict[str, str] = {}  # every relation-namespace name: tables, indexes, views, sequences
        self.enums: dict[str, list[str]] = {}
        self.views: list[str] = []
        self.functions: dict[str, str] = {}  # name -> drop signature
        self.version = 0
        self.day = 0  # days since the project started, for comments and timestamps
        self.project_index_prefix = self.rng.random() < 0.3

    # ---- names ------------------------------------------------------------------------------

    def fit(self, name: str) -> str:
        if len(name) <= NAMEDATALEN:
            return name
        digest = hashlib.sha1(name.encode()).hexdigest()[:6]
        return name[: NAMEDATALEN - 7].rstrip("_") + "_" + digest

    def claim(self, name: str, what: str) -> str:
        name = self.fit(name)
        base, n = name, 2
        while name in self.relnames:
            name = self.fit(f"{base}_{n}")
            n += 1
        self.relnames[name] = what
        return name

    def new_table_name(self, module: str | None = None) -> tuple[str, str, str]:
        rng = self.rng
        for _ in range(40):
            m = module or rng.choice(MODULES)
            noun = rng.choice(NOUNS)
            name = f"{m}_{noun}"
            if rng.random() < 0.25 or name in self.relnames:
                name = f"{name}_{rng.choice(SUFFIXES)}"
            if name not in self.relnames and len(name) <= NAMEDATALEN:
                self.relnames[name] = "table"
                return name, noun, m
        m = module or rng.choice(MODULES)
        noun = rng.choice(NOUNS)
        return self.claim(f"{m}_{noun}", "table"), noun, m

    def index_name(self, table: str, cols: list[str], style: Style, unique: bool = False) -> str:
        part = "_".join(c for c in cols)
        part = re.sub(r"[^a-z0-9_]+", "_", part).strip("_")
        if style.index_prefix:
            name = f"{'uq' if unique else 'idx'}_{table}_{part}"
        else:
            name = f"{table}_{part}_{'key' if unique else 'idx'}"
        return self.claim(name, "index")

    # ---- values -----------------------------------------------------------------------------

    def literal(self, kind: str, i: int = 0) -> str:
        rng = self.rng
        if kind == "text":
            n = rng.randint(1, 6)
            words = " ".join(rng.choice(WORDS) for _ in range(n))
            if rng.random() < 0.15:
                words = f"{rng.choice(PEOPLE)}'s {words}".replace("'s", "''s")
            return f"'{words.capitalize()}'"
        if kind == "email":
            return f"'{rng.choice(WORDS)}.{i}@example.com'"
        if kind == "slug":
            return f"'{rng.choice(WORDS)}-{rng.choice(WORDS)}-{i}'"
        if kind in ("int",):
            return str(rng.randint(0, 5000))
        if kind == "rating":
            return str(rng.randint(1, 5))
        if kind == "float":
            return f"{rng.uniform(0, 100):.3f}"
        if kind == "bool":
            return rng.choice(["true", "false"])
        if kind == "json":
            k = rng.choice(WORDS)
            return f"""'{{"{k}": {rng.randint(0, 99)}, "source": "{rng.choice(WORDS)}"}}'"""
        if kind == "array":
            return "'{" + ",".join(rng.choice(WORDS) for _ in range(rng.randint(0, 3))) + "}'"
        if kind == "ts":
            return f"'2023-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d} {rng.randint(0, 23):02d}:{rng.randint(0, 59):02d}:00+00'"
        if kind == "date":
            return f"'2024-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}'"
        if kind == "money":
            return f"{rng.randint(0, 99999)}.{rng.randint(0, 99):02d}"
        if kind == "percent":
            return f"{rng.randint(0, 100)}.{rng.randint(0, 9)}"
        if kind == "uuid":
            return "'" + "-".join(f"{rng.getrandbits(b * 4):0{b}x}" for b in (8, 4, 4, 4, 12)) + "'"
        if kind == "inet":
            return f"'10.{rng.randint(0, 255)}.{rng.randint(0, 255)}.{rng.randint(1, 254)}'"
        if kind == "interval":
            return f"interval '{rng.randint(1, 90)} {rng.choice(['minutes', 'hours', 'days'])}'"
        if kind == "bytea":
            return "'\\x" + f"{rng.getrandbits(128):032x}" + "'"
        if kind == "currency":
            return rng.choice(["'USD'", "'EUR'", "'GBP'", "'JPY'", "'CHF'"])
        if kind == "locale":
            return rng.choice(["'en'", "'de'", "'fr'", "'pt-BR'", "'ja'"])
        if kind == "tz":
            return rng.choice(["'UTC'", "'Europe/Berlin'", "'America/New_York'", "'Asia/Tokyo'"])
        if kind == "phone":
            return f"'+1 555 {rng.randint(100, 999)} {rng.randint(1000, 9999)}'"
        if kind == "country":
            return rng.choice(["'US'", "'DE'", "'FR'", "'BR'", "'JP'", "'IN'"])
        if kind == "url":
            return f"'https://{rng.choice(WORDS)}.example.com/{rng.choice(WORDS)}/{i}'"
        if kind == "hex":
            return f"'{rng.getrandbits(256):064x}'"
        if kind == "lat":
            return f"{rng.uniform(-90, 90):.6f}"
        if kind == "lon":
            return f"{rng.uniform(-180, 180):.6f}"
        if kind == "color":
            return f"'#{rng.getrandbits(24):06x}'"
        if kind == "tsv":
            return f"to_tsvector('english', '{rng.choice(WORDS)} {rng.choice(WORDS)}')"
        if kind == "mime":
            return rng.choice(["'image/png'", "'application/pdf'", "'text/csv'", "'application/json'"])
        if kind == "visibility":
            return rng.choice(["'private'", "'internal'", "'public'"])
        if kind == "word":
            return f"'{rng.choice(WORDS)}'"
        if kind.startswith("enum:"):
            return f"'{rng.choice(self.enums[kind[5:]])}'"
        return "NULL"

    # ---- columns ----------------------------------------------------------------------------

    def random_column(self, taken: dict, allow_enum: bool = True) -> Col | None:
        rng = self.rng
        if allow_enum and self.enums and rng.random() < 0.08:
            enum = rng.choice(list(self.enums))
            name = enum_column(enum) if enum_column(enum) not in taken else enum
            if name not in taken:
                first = self.enums[enum][0]
                return Col(name, enum, True, f"'{first}'", f"enum:{enum}")
        for _ in range(8):
            name, typ, default, p_nn, check, kind = rng.choice(COLUMN_POOL)
            if name in taken:
                continue
            default = default.replace("{{}}", "{}") if default else None
            col = Col(name, typ, rng.random() < p_nn, default, kind)
            if col.not_null and default is None and rng.random() < 0.15:
                col.default = self.literal(kind, 0) if kind not in ("tsv",) else None
            if check and rng.random() < 0.4:
                col.check = check.replace("{c}", ident(name)).replace("{{", "{").replace("}}", "}")
            return col
        return None

    def column_sql(self, col: Col, style: Style, width: int, inline_check: bool = True) -> str:
        name = ident(col.name)
        parts = [name.ljust(width) if style.align else name, col.type]
        if col.not_null:
            parts.append("NOT NULL")
        if col.default is not None:
            parts.append(f"DEFAULT {col.default}")
        if col.check and inline_check:
            parts.append(f"CHECK ({col.check})")
        return " ".join(parts)


# -------------------------------------------------------------------------------------------------


class Migration:
    def __init__(self, corpus: Corpus, slug: str):
        self.corpus = corpus
        self.slug = slug
        self.up: list[str] = []
        self.down: list[str] = []  # in the order they run (already reversed)
        self.no_tx = False
        self.header: list[str] = []
        self.new_tables: set = set()
        rng = corpus.rng
        self.style = Style(
            upper=rng.random() < 0.85,
            indent="    " if rng.random() < 0.6 else "  ",
            align=rng.random() < 0.3,
            index_prefix=corpus.project_index_prefix if rng.random() < 0.85 else not corpus.project_index_prefix,
        )

    def add(self, up: str, down: str | None = None):
        self.up.append(up)
        if down is not None:
            self.down.insert(0, down)

    def render(self, parts: list[str], header: list[str], no_tx: bool) -> str:
        out = []
        if no_tx:
            out.append("-- sqlmigrate:no-transaction")
        out.extend(f"-- {h}" if h else "--" for h in header)
        if out:
            out.append("")
        for p in parts:
            out.append(self.case(p))
            out.append("")
        return "\n".join(out).rstrip("\n") + "\n"

    def case(self, sql: str) -> str:
        if self.style.upper or "$" in sql:
            return sql
        pieces = sql.split("'")
        for i in range(0, len(pieces), 2):  # outside string literals
            pieces[i] = re.sub(r"\b([A-Z][A-Z_]+)\b", lambda m: m.group(1).lower() if m.group(1) in KEYWORDS else m.group(1), pieces[i])
        return "'".join(pieces)


KEYWORDS = set("""CREATE TABLE INDEX ON ALTER ADD COLUMN DROP NOT NULL DEFAULT PRIMARY KEY REFERENCES
CASCADE RESTRICT SET UNIQUE CHECK CONSTRAINT FOREIGN IF EXISTS TYPE USING WHERE AND OR IN IS INSERT
INTO VALUES UPDATE DELETE FROM SELECT AS JOIN LEFT INNER GROUP BY ORDER VIEW MATERIALIZED RENAME TO
COMMENT GENERATED ALWAYS IDENTITY BETWEEN VALIDATE VALID CONFLICT DO NOTHING DESC ASC NULLS LAST FIRST
WITH NO DATA COUNT SUM MAX MIN INCLUDE COALESCE CONCURRENTLY REFRESH ENUM VALUE BEFORE AFTER LIMIT
EXCLUDED TRUE FALSE INTERVAL FUNCTION TRIGGER SEQUENCE GRANT REVOKE EXECUTE FOR EACH ROW OF START
INCREMENT CACHE RESET LIKE BETWEEN UNIQUE ONLY OWNED SCHEMA EXTENSION BRIN GIN TABLE""".split())


def lines(items: list[str], indent: str, sep: str = ",") -> str:
    return (sep + "\n").join(indent + s for s in items)


class Generator:
    def __init__(self, seed: int):
        self.c = Corpus(seed)
        self.rng = self.c.rng
        self.steady = False  # the schema has stopped growing (--steady-after)
        self.steady_columns: list[tuple[str, str]] = []  # (table, column) added in the steady state
        self.steady_indexes: list[tuple[str, str]] = []  # (table, index) built in the steady state

    # ---- building blocks --------------------------------------------------------------------

    def add_table(self, t: Table):
        self.c.tables[t.name] = t
        self.c.table_order.append(t.name)

    def pick_table(self, pred=None) -> Table | None:
        c, rng = self.c, self.rng
        order = c.table_order
        if not order:
            return None
        # Recent tables get more attention, like in a real project.
        for _ in range(40):
            if rng.random() < 0.6:
                name = order[-1 - int(rng.random() * min(60, len(order)))]
            else:
                name = order[int(rng.random() * len(order))]
            t = c.tables.get(name)
            if t is not None and (pred is None or pred(t)):
                return t
        cands = [t for t in c.tables.values() if pred is None or pred(t)]
        return rng.choice(cands) if cands else None

    def create_table(self, m: Migration, module: str | None = None, n_cols: int | None = None,
                     qualified: bool = False, parents: list[Table] | None = None) -> Table:
        c, rng, st = self.c, self.rng, m.style
        name, noun, module = c.new_table_name(module)
        pk_type = rng.choices(["identity", "bigserial", "uuid"], [0.5, 0.15, 0.35])[0]
        t = Table(name, noun, module, "uuid" if pk_type == "uuid" else "bigint", identity=pk_type == "identity")
        qn = f"public.{name}" if qualified else name
        defs: list[str] = []
        width = 22
        if pk_type == "identity":
            defs.append(f"{'id'.ljust(width) if st.align else 'id'} bigint GENERATED {'ALWAYS' if rng.random() < 0.6 else 'BY DEFAULT'} AS IDENTITY PRIMARY KEY")
        elif pk_type == "bigserial":
            defs.append(f"{'id'.ljust(width) if st.align else 'id'} bigserial PRIMARY KEY")
        else:
            defs.append(f"{'id'.ljust(width) if st.align else 'id'} uuid PRIMARY KEY DEFAULT gen_random_uuid()")
        t.cols["id"] = Col("id", t.pk_type, True, None, "uuid" if pk_type == "uuid" else "int", pinned=True)
        c.claim(f"{name}_pkey", "index")  # the names Postgres gives the implicit index and sequence
        if pk_type != "uuid":
            c.claim(f"{name}_id_seq", "sequence")

        table_constraints: list[str] = []
        fk_parents = parents if parents is not None else []
        if parents is None:
            for _ in range(rng.choices([0, 1, 2, 3], [0.25, 0.4, 0.25, 0.1])[0]):
                p = self.pick_table(lambda x: (not x.lookup or rng.random() < 0.3) and x.name != "audit_log")
                if p is not None and p not in fk_parents and p.name != name:
                    fk_parents.append(p)
        for p in fk_parents:
            col = singular(p.noun) + "_id"
            if col in t.cols:
                col = f"{p.module}_{col}"
            if col in t.cols:
                continue
            nn = rng.random() < 0.7
            on_delete = rng.choice(["CASCADE", "CASCADE", "RESTRICT", "SET NULL" if not nn else "CASCADE", None])
            t.cols[col] = Col(col, p.pk_type, nn, None, "fk", pinned=True)
            t.fks.append((col, p.name))
            p.dependents += 1
            base = f"{col.ljust(width) if st.align else col} {p.pk_type}{' NOT NULL' if nn else ''}"
            if rng.random() < 0.75:
                defs.append(f"{base} REFERENCES {('public.' if qualified else '') + p.name} (id)" + (f" ON DELETE {on_delete}" if on_delete else ""))
            else:
                defs.append(base)
                table_constraints.append(
                    f"CONSTRAINT {c.fit(f'{name}_{col}_fkey')} FOREIGN KEY ({col}) REFERENCES {p.name} (id)" + (f" ON DELETE {on_delete}" if on_delete else ""))
        target = n_cols if n_cols is not None else rng.choices([4, 7, 10, 14, 20, 27], [0.15, 0.3, 0.25, 0.15, 0.1, 0.05])[0]
        target += rng.randint(-1, 2)
        while len(t.cols) < target:
            col = c.random_column(t.cols)
            if col is None:
                break
            t.cols[col.name] = col
            defs.append(c.column_sql(col, st, width))
        if rng.random() < 0.85:
            for ts in TS_COLUMNS:
                t.cols[ts] = Col(ts, "timestamptz", True, "now()", "ts")
                defs.append(f"{ts.ljust(width) if st.align else ts} timestamptz NOT NULL DEFAULT now()")
        uniq_cands = [n for n in ("slug", "code", "email", "key", "external_id", "reference") if n in t.cols]
        if uniq_cands and rng.random() < 0.6:
            u = rng.choice(uniq_cands)
            scope = [n for n, x in t.cols.items() if x.kind == "fk" and n != u][:1]
            cols = ", ".join(ident(x) for x in scope + [u])
            t.cols[u].pinned = True
            if rng.random() < 0.5:
                table_constraints.append(f"CONSTRAINT {c.claim(f'{name}_{u}_key', 'index')} UNIQUE ({cols})")
            else:
                table_constraints.append(f"UNIQUE ({cols})")
                c.claim(f"{name}_{'_'.join(scope + [u])}_key", "index")
        if "starts_at" in t.cols and "ends_at" in t.cols and rng.random() < 0.7:
            table_constraints.append(f"CONSTRAINT {c.fit(f'{name}_period_check')} CHECK (ends_at IS NULL OR ends_at > starts_at)")
        defs.extend(table_constraints)
        ine = " IF NOT EXISTS" if rng.random() < 0.25 else ""
        m.add(f"CREATE TABLE{ine} {qn} (\n{lines(defs, st.indent)}\n);", f"DROP TABLE IF EXISTS {qn};")
        self.add_table(t)
        m.new_tables.add(name)
        # Indexes on the new table: foreign keys and the columns it is queried by.
        fks = [n for n in t.cols if n.endswith("_id") and n != "id"]
        for fk in fks:
            if rng.random() < 0.7:
                self.index_on(m, t, [fk], plain_ok=True, qualified=qualified, with_down=False)
        for _ in range(rng.choices([0, 1, 2], [0.4, 0.4, 0.2])[0]):
            self.index_on(m, t, None, plain_ok=True, qualified=qualified, with_down=False)
        if rng.random() < 0.2:
            self.comment_on(m, t)
        if "updated_at" in t.cols and "set_updated_at" in c.functions and rng.random() < 0.6:
            trig = c.fit(f"{name}_set_updated_at")
            m.add(f"CREATE TRIGGER {trig}\n{st.indent}BEFORE UPDATE ON {qn}\n{st.indent}FOR EACH ROW\n{st.indent}EXECUTE FUNCTION set_updated_at();")
            t.triggers.append(trig)
            t.cols["updated_at"].pinned = True
        return t

    def index_cols(self, t: Table) -> tuple[list[str], str, str]:
        """Columns (as SQL), method clause, WHERE clause."""
        rng = self.rng
        cols = [n for n, col in t.cols.items() if n != "id" and col.type not in ("bytea",)]
        if not cols:
            return ["id"], "", ""
        json_cols = [n for n in cols if t.cols[n].type == "jsonb"]
        arr_cols = [n for n in cols if t.cols[n].type.endswith("[]") or t.cols[n].type == "tsvector"]
        r = rng.random()
        if json_cols and r < 0.08:
            col = rng.choice(json_cols)
            return [f"{ident(col)}{' jsonb_path_ops' if rng.random() < 0.5 else ''}"], " USING gin", ""
        if arr_cols and r < 0.14:
            return [ident(rng.choice(arr_cols))], " USING gin", ""
        if "created_at" in cols and r < 0.18:
            return ["created_at"], " USING brin", ""
        if "email" in cols and r < 0.25:
            return ["lower(email)"], "", ""
        chosen = rng.sample(cols, min(len(cols), rng.choices([1, 2, 3], [0.55, 0.35, 0.1])[0]))
        chosen = [n for n in chosen if t.cols[n].type not in ("jsonb", "tsvector") and not t.cols[n].type.endswith("[]")] or ["id"]
        rendered = [ident(n) + (" DESC" if t.cols.get(n) and t.cols[n].kind == "ts" and rng.random() < 0.3 else "") for n in chosen]
        where = ""
        if "deleted_at" in cols and "deleted_at" not in chosen and rng.random() < 0.5:
            where = " WHERE deleted_at IS NULL"
        elif "is_active" in cols and rng.random() < 0.15:
            where = " WHERE is_active"
        return rendered, "", where

    def index_on(self, m: Migration, t: Table, cols: list[str] | None, plain_ok: bool, concurrently: bool = False,
                 qualified: bool = False, with_down: bool = True, unique: bool = False) -> str:
        rng, st = self.rng, m.style
        method, where = "", ""
        if cols is None:
            cols, method, where = self.index_cols(t)
        for col in cols:
            bare = col.split()[0].strip('"')
            if bare in t.cols:
                t.cols[bare].pinned = True
        name = self.c.index_name(t.name, [re.sub(r"\W+", "_", x.replace(" DESC", "").replace("jsonb_path_ops", "")) for x in cols], st, unique)
        include = ""
        if not method and not unique and rng.random() < 0.05 and "created_at" in t.cols and "created_at" not in cols:
            include = " INCLUDE (created_at)"
        ine = " IF NOT EXISTS" if rng.random() < 0.3 else ""
        qn = f"public.{t.name}" if qualified else t.name
        sql = (f"CREATE {'UNIQUE ' if unique else ''}INDEX{' CONCURRENTLY' if concurrently else ''}{ine} {name} "
               f"ON {qn}{method} ({', '.join(cols)}){include}{where};")
        down = f"DROP INDEX{' CONCURRENTLY' if concurrently else ''} IF EXISTS {name};"
        m.add(sql, down if with_down else None)
        return name

    def comment_on(self, m: Migration, t: Table):
        rng = self.rng
        m.add(f"COMMENT ON TABLE {t.name} IS '{rng.choice(['Holds', 'Tracks', 'Stores'])} {t.noun.replace('_', ' ')} for the {t.module} module; {rng.choice(REASONS)}.';")
        col = rng.choice(list(t.cols))
        if col != "id":
            m.add(f"COMMENT ON COLUMN {t.name}.{ident(col)} IS 'Set by the application; {rng.choice(REASONS)}.';")

    # ---- migration kinds ----------------------------------------------------------------------

    def k_create_table(self, m: Migration):
        t = self.create_table(m)
        m.header.append(f"Create {t.name}: {self.rng.choice(REASONS)}.")
        m.slug = f"create_{t.name}"

    def k_lookup(self, m: Migration, rows: int | None = None):
        c, rng, st = self.c, self.rng, m.style
        module = rng.choice(MODULES)
        name = c.claim(f"{module}_{rng.choice(LOOKUP_NOUNS)}", "table")
        t = Table(name, name.split("_", 1)[1], module, "smallint", lookup=True, seeded=True)
        c.claim(f"{name}_pkey", "index")  # the names Postgres gives the implicit indexes
        c.claim(f"{name}_code_key", "index")
        t.cols = {
            "id": Col("id", "smallint", True, None, "int", True),
            "code": Col("code", "text", True, None, "slug", True),
            "label": Col("label", "text", True, None, "text"),
            "sort_order": Col("sort_order", "integer", True, "0", "int"),
            "is_active": Col("is_active", "boolean", True, "true", "bool"),
        }
        m.add(f"CREATE TABLE {name} (\n{lines(['id smallint PRIMARY KEY', 'code text NOT NULL UNIQUE', 'label text NOT NULL', 'sort_order integer NOT NULL DEFAULT 0', 'is_active boolean NOT NULL DEFAULT true'], st.indent)}\n);",
              f"DROP TABLE {name};")
        self.add_table(t)
        m.new_tables.add(name)
        n = rows or rng.randint(3, 25)
        t.next_id = n + 1
        values = []
        for i in range(1, n + 1):
            values.append(f"({i}, '{rng.choice(WORDS)}_{i}', {c.literal('text')}, {i * 10}, {'true' if rng.random() < 0.9 else 'false'})")
        m.add(f"INSERT INTO {name} (id, code, label, sort_order, is_active) VALUES\n{lines(values, st.indent)}\nON CONFLICT (code) DO NOTHING;")
        m.header.append(f"Reference data for {name.replace('_', ' ')}.")
        m.slug = f"create_{name}"

    def k_add_columns(self, m: Migration):
        c, rng, st = self.c, self.rng, m.style
        t = self.pick_table()
        if t is None:
            return self.k_create_table(m)
        n = rng.choices([1, 2, 3, 5], [0.5, 0.3, 0.15, 0.05])[0]
        cols = []
        for _ in range(n):
            col = c.random_column(t.cols)
            if col is None:
                break
            if col.not_null and col.default is None:
                if rng.random() < 0.06 and not t.seeded:
                    pass  # flagged on purpose: NOT NULL without a default on an existing table
                else:
                    col.not_null = False
            if col.check and rng.random() < 0.5:
                col.check = None
            t.cols[col.name] = col
            cols.append(col)
        if not cols:
            return self.k_create_table(m)
        if len(cols) > 1 and rng.random() < 0.6:
            adds = [f"ADD COLUMN {c.column_sql(col, Style(True, '', False, False), 0)}" for col in cols]
            m.add(f"ALTER TABLE {t.name}\n{lines(adds, st.indent)};",
                  f"ALTER TABLE {t.name}\n{lines([f'DROP COLUMN IF EXISTS {ident(col.name)}' for col in cols], st.indent)};")
        else:
            for col in cols:
                ine = " IF NOT EXISTS" if rng.random() < 0.2 else ""
                m.add(f"ALTER TABLE {t.name} ADD COLUMN{ine} {c.column_sql(col, Style(True, '', False, False), 0)};",
                      f"ALTER TABLE {t.name} DROP COLUMN IF EXISTS {ident(col.name)};")
        if rng.random() < 0.04 and cols[0].type not in ("jsonb", "tsvector", "bytea") and not cols[0].type.endswith("[]"):
            self.index_on(m, t, [ident(cols[0].name)], plain_ok=False)  # flagged on purpose: plain index, existing table
        m.header.append(f"Add {', '.join(col.name for col in cols)} to {t.name}: {rng.choice(REASONS)}.")
        m.slug = f"add_{cols[0].name}_to_{t.name}"

    def k_index_concurrently(self, m: Migration):
        rng = self.rng
        t = self.pick_table(lambda x: len(x.cols) > 2)
        if t is None:
            return self.k_create_table(m)
        m.no_tx = True
        unique = rng.random() < 0.1 and any(n in t.cols for n in ("slug", "code", "external_id"))
        cols = None
        if unique:
            cols = [next(n for n in ("slug", "code", "external_id") if n in t.cols)]
        name = self.index_on(m, t, cols, plain_ok=False, concurrently=True, unique=unique)
        m.header.append(f"Index {t.name} for {rng.choice(['the list endpoint', 'the admin search', 'the cleanup job', 'reporting queries', 'the sync worker'])}.")
        m.header.append("Built CONCURRENTLY so writes keep flowing; this cannot run inside a transaction.")
        m.slug = f"index_{name}"

    def k_plain_index_existing(self, m: Migration):
        """Flagged on purpose: a plain CREATE INDEX on a table from an earlier migration."""
        rng = self.rng
        t = self.pick_table(lambda x: len(x.cols) > 2)
        if t is None:
            return self.k_create_table(m)
        if rng.random() < 0.25:
            m.add("-- sqlmigrate:ignore require-concurrent-index-creation -- table holds a few hundred rows")
        name = self.index_on(m, t, None, plain_ok=False)
        m.header.insert(0, f"Speed up lookups on {t.name}.")
        m.slug = f"add_{name}"

    def k_foreign_key(self, m: Migration):
        c, rng = self.c, self.rng
        child = self.pick_table(lambda x: not x.lookup)
        parent = self.pick_table(lambda x: x is not child and x.name != "audit_log")
        if child is None or parent is None or child is parent:
            return self.k_create_table(m)
        col = c.fit(f"{singular(parent.noun)}_id")
        if col in child.cols:
            col = c.fit(f"{parent.module}_{singular(parent.noun)}_id")
        if col in child.cols:
            return self.k_add_columns(m)
        child.cols[col] = Col(col, parent.pk_type, False, None, "fk", pinned=True)
        child.fks.append((col, parent.name))
        parent.dependents += 1
        m.add(f"ALTER TABLE {child.name} ADD COLUMN {col} {parent.pk_type};", f"ALTER TABLE {child.name} DROP COLUMN IF EXISTS {col};")
        cname = c.fit(f"{child.name}_{col}_fkey")
        on_delete = rng.choice(["", " ON DELETE CASCADE", " ON DELETE SET NULL"])
        if rng.random() < 0.12:
            # flagged on purpose: validates against every row under a SHARE ROW EXCLUSIVE lock
            m.add(f"ALTER TABLE {child.name}\n{m.style.indent}ADD CONSTRAINT {cname} FOREIGN KEY ({col}) REFERENCES {parent.name} (id){on_delete};")
        else:
            m.add(f"-- NOT VALID skips the full-table check; the constraint is validated in a later migration.\n"
                  f"ALTER TABLE {child.name}\n{m.style.indent}ADD CONSTRAINT {cname} FOREIGN KEY ({col}) REFERENCES {parent.name} (id){on_delete} NOT VALID;")
            if rng.random() < 0.3:
                m.add(f"ALTER TABLE {child.name} VALIDATE CONSTRAINT {cname};")
            else:
                child.pending_validation.append(cname)
                c.pending[child.name] = None
        if rng.random() < 0.15:
            self.index_on(m, child, [col], plain_ok=False)  # flagged: a plain index on an existing table
        m.header.append(f"Link {child.name} to {parent.name}.")
        m.slug = f"add_{col}_to_{child.name}"

    def k_check_not_valid(self, m: Migration):
        c, rng = self.c, self.rng
        t = self.pick_table(lambda x: any(col.kind in ("int", "money", "text") and n != "id" and not n.endswith("_id") for n, col in x.cols.items()))
        if t is None:
            return self.k_create_table(m)
        n, col = rng.choice([(n, col) for n, col in t.cols.items() if col.kind in ("int", "money", "text") and n != "id" and not n.endswith("_id")])
        cname = c.fit(f"{t.name}_{n}_check_{self.c.version}")
        cond = f"{ident(n)} >= 0" if col.kind != "text" else f"char_length({ident(n)}) <= 10000"
        m.add(f"ALTER TABLE {t.name}\n{m.style.indent}ADD CONSTRAINT {cname} CHECK ({cond}) NOT VALID;",
              f"ALTER TABLE {t.name} DROP CONSTRAINT IF EXISTS {cname};")
        t.pending_validation.append(cname)
        c.pending[t.name] = None
        col.pinned = True
        m.header.append(f"Guard {t.name}.{n}; existing rows are checked by a later migration.")
        m.slug = f"check_{n}_on_{t.name}"

    def k_validate(self, m: Migration):
        c = self.c
        ts = [n for n in c.pending if n in c.tables and c.tables[n].pending_validation]
        c.pending = dict.fromkeys(ts)
        if not ts:
            return self.k_check_not_valid(m)
        t = c.tables[self.rng.choice(ts)]
        del c.pending[t.name]
        for cname in t.pending_validation:
            m.add(f"ALTER TABLE {t.name} VALIDATE CONSTRAINT {cname};")
        m.down.append("-- sqlmigrate:nothing-to-undo\n-- Nothing to undo: validation only checks existing rows.")
        t.pending_validation = []
        m.header.append(f"Validate the constraints added NOT VALID on {t.name}.")
        m.slug = f"validate_{t.name}_constraints"

    def k_backfill(self, m: Migration):
        c, rng, st = self.c, self.rng, m.style
        t = self.pick_table(lambda x: not x.lookup)
        if t is None:
            return self.k_create_table(m)
        col = c.random_column(t.cols, allow_enum=False)
        if col is None or col.kind in ("tsv",):
            return self.k_add_columns(m)
        t.cols[col.name] = col
        value = col.default or c.literal(col.kind, 1)
        m.add(f"ALTER TABLE {t.name} ADD COLUMN {ident(col.name)} {col.type};", f"ALTER TABLE {t.name} DROP COLUMN IF EXISTS {ident(col.name)};")
        src = [n for n, x in t.cols.items() if x.type == col.type and n != col.name]
        expr = f"COALESCE({ident(src[0])}, {value})" if src and rng.random() < 0.5 else value
        if rng.random() < 0.35:
            body = (f"DO $$\nDECLARE\n{st.indent}batch_size integer := {rng.choice([1000, 5000, 10000])};\n{st.indent}affected integer;\nBEGIN\n"
                    f"{st.indent}LOOP\n{st.indent * 2}UPDATE {t.name}\n{st.indent * 2}SET {ident(col.name)} = {expr}\n"
                    f"{st.indent * 2}WHERE id IN (\n{st.indent * 3}SELECT id FROM {t.name} WHERE {ident(col.name)} IS NULL LIMIT batch_size\n{st.indent * 2});\n"
                    f"{st.indent * 2}GET DIAGNOSTICS affected = ROW_COUNT;\n{st.indent * 2}EXIT WHEN affected = 0;\n{st.indent}END LOOP;\nEND\n$$;")
            m.add("-- Backfill in batches so no single statement holds row locks for long.\n" + body)
        else:
            m.add(f"UPDATE {t.name}\nSET {ident(col.name)} = {expr}\nWHERE {ident(col.name)} IS NULL;")
        if rng.random() < 0.5:
            m.add(f"ALTER TABLE {t.name} ALTER COLUMN {ident(col.name)} SET DEFAULT {value};")
            col.default = value
        if rng.random() < 0.35:
            m.add(f"ALTER TABLE {t.name} ALTER COLUMN {ident(col.name)} SET NOT NULL;")
            col.not_null = True
        m.header.append(f"Add {col.name} to {t.name} and fill it for existing rows.")
        m.slug = f"backfill_{col.name}_on_{t.name}"

    def k_alter_column(self, m: Migration):
        c, rng = self.c, self.rng
        t = self.pick_table(lambda x: any(not col.pinned for col in x.cols.values()))
        if t is None:
            return self.k_add_columns(m)
        col = rng.choice([col for col in t.cols.values() if not col.pinned])
        n = ident(col.name)
        r = rng.random()
        if col.type == "text" and r < 0.3:
            # flagged on purpose: a type change rewrites the table
            m.add(f"ALTER TABLE {t.name} ALTER COLUMN {n} TYPE varchar(1000);", f"ALTER TABLE {t.name} ALTER COLUMN {n} TYPE text;")
            col.type = "varchar(1000)"
            m.header.append(f"Cap {t.name}.{col.name} at 1000 characters.")
        elif col.type.startswith("varchar") and r < 0.4:
            m.add(f"ALTER TABLE {t.name} ALTER COLUMN {n} TYPE text;", f"ALTER TABLE {t.name} ALTER COLUMN {n} TYPE {col.type};")
            col.type = "text"
            m.header.append(f"Drop the length limit on {t.name}.{col.name}.")
        elif col.default is None and col.kind not in ("tsv", "fk") and r < 0.7:
            v = c.literal(col.kind, 0)
            m.add(f"ALTER TABLE {t.name} ALTER COLUMN {n} SET DEFAULT {v};", f"ALTER TABLE {t.name} ALTER COLUMN {n} DROP DEFAULT;")
            col.default = v
            m.header.append(f"Default {t.name}.{col.name} for rows inserted by older clients.")
        elif col.not_null:
            m.add(f"ALTER TABLE {t.name} ALTER COLUMN {n} DROP NOT NULL;", None)
            m.down.append("-- sqlmigrate:nothing-to-undo\n-- Not reversible without knowing how to fill the NULLs written since.")
            col.not_null = False
            m.header.append(f"Make {t.name}.{col.name} optional.")
        else:
            old = col.default
            m.add(f"ALTER TABLE {t.name} ALTER COLUMN {n} DROP DEFAULT;",
                  f"ALTER TABLE {t.name} ALTER COLUMN {n} SET DEFAULT {old};" if old else None)
            col.default = None
            m.header.append(f"The application sets {t.name}.{col.name} explicitly now.")
        m.slug = f"alter_{col.name}_on_{t.name}"

    def k_rename_or_drop_column(self, m: Migration):
        c, rng = self.c, self.rng
        t = self.pick_table(lambda x: sum(1 for col in x.cols.values() if not col.pinned) > 1 and not x.seeded)
        if t is None:
            return self.k_add_columns(m)
        col = rng.choice([col for col in t.cols.values() if not col.pinned])
        n = ident(col.name)
        if rng.random() < 0.4:
            new = rng.choice(["legacy_", "old_", ""]) + col.name + rng.choice(["_v2", "_raw", "_text", "_value"])
            if new in t.cols:
                return self.k_add_columns(m)
            m.add(f"ALTER TABLE {t.name} RENAME COLUMN {n} TO {ident(new)};", f"ALTER TABLE {t.name} RENAME COLUMN {ident(new)} TO {n};")
            m.header.append(f"Rename {t.name}.{col.name} to {new}: the old name was misleading.")
            del t.cols[col.name]
            col.name = new
            t.cols[new] = col
            m.slug = f"rename_{new}_on_{t.name}"
        else:
            m.add(f"ALTER TABLE {t.name} DROP COLUMN {'IF EXISTS ' if rng.random() < 0.5 else ''}{n};",
                  f"ALTER TABLE {t.name} ADD COLUMN {n} {col.type}{' DEFAULT ' + col.default if col.default else ''};")
            del t.cols[col.name]
            m.header.append(f"Drop {t.name}.{col.name}: nothing reads it since the last release.")
            m.slug = f"drop_{col.name}_from_{t.name}"

    def k_enum(self, m: Migration):
        c, rng, st = self.c, self.rng, m.style
        existing = [e for e in c.enums]
        if existing and rng.random() < 0.45:
            e = rng.choice(existing)
            v = rng.choice(WORDS)
            if v in c.enums[e]:
                v = f"{v}_{len(c.enums[e])}"
            pos = f" BEFORE '{c.enums[e][-1]}'" if rng.random() < 0.2 else ""
            m.add(f"ALTER TYPE {e} ADD VALUE IF NOT EXISTS '{v}'{pos};")
            m.down.append("-- sqlmigrate:nothing-to-undo\n-- PostgreSQL cannot remove a value from an enum; nothing to do.")
            c.enums[e].append(v)  # not used as a default in this migration: new values are unusable before COMMIT
            m.header.append(f"Allow '{v}' as a {e}.")
            m.slug = f"add_{v}_to_{e}"
            return
        name = c.claim(f"{rng.choice(MODULES)}_{singular(rng.choice(NOUNS))}_{rng.choice(['status', 'kind', 'state', 'visibility', 'level'])}", "type")
        values = list(dict.fromkeys(rng.sample(WORDS, rng.randint(3, 8))))
        m.add(f"CREATE TYPE {name} AS ENUM (\n{lines([repr(v) for v in values], st.indent)}\n);", f"DROP TYPE IF EXISTS {name};")
        c.enums[name] = values
        t = self.pick_table(lambda x: not x.seeded)
        if t is not None and rng.random() < 0.6:
            col = enum_column(name)
            if col not in t.cols:
                m.add(f"ALTER TABLE {t.name}\n{st.indent}ADD COLUMN {ident(col)} {name} NOT NULL DEFAULT '{values[0]}';",
                      f"ALTER TABLE {t.name} DROP COLUMN IF EXISTS {ident(col)};")
                t.cols[col] = Col(col, name, True, f"'{values[0]}'", f"enum:{name}", pinned=True)
        m.header.append(f"Introduce the {name} type.")
        m.slug = f"create_type_{name}"

    def join_pair(self) -> tuple[Table, Table, str] | None:
        c = self.c
        for _ in range(60):
            t = self.pick_table(lambda x: bool(x.fks))
            if t is None:
                return None
            col, parent = self.rng.choice(t.fks)
            if parent in c.tables and col in t.cols:
                return t, c.tables[parent], col
        return None

    def k_view(self, m: Migration, materialized: bool | None = None):
        c, rng, st = self.c, self.rng, m.style
        pair = self.join_pair()
        if pair is None:
            return self.k_create_table(m)
        child, parent, fk = pair
        materialized = rng.random() < 0.35 if materialized is None else materialized
        vname = c.claim(f"{child.name}_{'summary' if materialized else 'view'}", "view")
        ca, pa = "c", "p"
        pcols = [n for n, col in parent.cols.items() if col.kind in ("text", "slug", "email", "word") and n != "id"][:3]
        ccols = [n for n, col in child.cols.items() if col.kind in ("int", "money", "float") and n not in ("id",) and not n.endswith("_id")][:2]
        for n in pcols:
            parent.cols[n].pinned = True
        for n in ccols:
            child.cols[n].pinned = True
        child.cols[fk].pinned = True
        parent.dependents += 1
        child.dependents += 1
        sel = [f"{pa}.id AS {singular(parent.noun)}_id"] + [f"{pa}.{ident(n)}" for n in pcols]
        sel.append(f"count({ca}.id) AS {child.noun}_count")
        for n in ccols:
            sel.append(f"COALESCE(sum({ca}.{ident(n)}), 0) AS total_{n}")
        if "created_at" in child.cols:
            sel.append(f"max({ca}.created_at) AS last_{singular(child.noun)}_at")
            child.cols["created_at"].pinned = True
        where = ""
        if "deleted_at" in child.cols and rng.random() < 0.7:
            where = f"\n{st.indent}AND {ca}.deleted_at IS NULL"
            child.cols["deleted_at"].pinned = True
        group = ", ".join([f"{pa}.id"] + [f"{pa}.{ident(n)}" for n in pcols])
        body = (f"SELECT\n{lines(sel, st.indent)}\nFROM {parent.name} {pa}\n"
                f"LEFT JOIN {child.name} {ca}\n{st.indent}ON {ca}.{fk} = {pa}.id{where}\nGROUP BY {group}")
        if materialized:
            m.add(f"CREATE MATERIALIZED VIEW {vname} AS\n{body};", f"DROP MATERIALIZED VIEW IF EXISTS {vname};")
            idx = c.claim(f"{vname}_pkey_idx", "index")
            m.add(f"CREATE UNIQUE INDEX {idx} ON {vname} ({singular(parent.noun)}_id);")
            if rng.random() < 0.5:
                m.add(f"REFRESH MATERIALIZED VIEW {vname};")
        else:
            m.add(f"CREATE {'OR REPLACE ' if rng.random() < 0.5 else ''}VIEW {vname} AS\n{body};", f"DROP VIEW IF EXISTS {vname};")
        c.views.append(vname)
        m.header.append(f"{'Precomputed' if materialized else 'Live'} totals of {child.noun.replace('_', ' ')} per {singular(parent.noun).replace('_', ' ')}.")
        m.slug = f"create_{vname}"

    def k_function_trigger(self, m: Migration):
        c, rng, st = self.c, self.rng, m.style
        i = st.indent
        r = rng.random()
        pair = self.join_pair()
        if pair is not None and r < 0.35:
            child, parent, fk = pair
            counter = f"{child.noun}_count"
            if counter in parent.cols or parent.seeded:
                return self.k_add_columns(m)
            parent.cols[counter] = Col(counter, "integer", True, "0", "int", pinned=True)
            fn = c.fit(f"{child.name}_count_{self.c.version}")
            m.add(f"ALTER TABLE {parent.name} ADD COLUMN {counter} integer NOT NULL DEFAULT 0;",
                  f"ALTER TABLE {parent.name} DROP COLUMN IF EXISTS {counter};")
            body = (f"CREATE OR REPLACE FUNCTION {fn}() RETURNS trigger\nLANGUAGE plpgsql\nAS $$\nBEGIN\n"
                    f"{i}IF TG_OP = 'INSERT' THEN\n{i * 2}UPDATE {parent.name} SET {counter} = {counter} + 1 WHERE id = NEW.{fk};\n"
                    f"{i}ELSIF TG_OP = 'DELETE' THEN\n{i * 2}UPDATE {parent.name} SET {counter} = {counter} - 1 WHERE id = OLD.{fk};\n"
                    f"{i}ELSIF NEW.{fk} IS DISTINCT FROM OLD.{fk} THEN\n"
                    f"{i * 2}UPDATE {parent.name} SET {counter} = {counter} - 1 WHERE id = OLD.{fk};\n"
                    f"{i * 2}UPDATE {parent.name} SET {counter} = {counter} + 1 WHERE id = NEW.{fk};\n"
                    f"{i}END IF;\n{i}RETURN NULL;\nEND;\n$$;")
            trig = c.fit(f"{child.name}_{singular(parent.noun)}_count_trg")
            if trig in child.triggers:
                return self.k_add_columns(m)
            child.triggers.append(trig)
            m.add(body, f"DROP FUNCTION IF EXISTS {fn}();")
            m.add(f"CREATE TRIGGER {trig}\n{i}AFTER INSERT OR UPDATE OF {fk} OR DELETE ON {child.name}\n{i}FOR EACH ROW EXECUTE FUNCTION {fn}();",
                  f"DROP TRIGGER IF EXISTS {trig} ON {child.name};")
            m.add(f"UPDATE {parent.name} p\nSET {counter} = sub.n\nFROM (SELECT {fk}, count(*) AS n FROM {child.name} GROUP BY {fk}) sub\nWHERE sub.{fk} = p.id;")
            child.cols[fk].pinned = True
            c.functions[fn] = f"{fn}()"
            m.header.append(f"Keep {parent.name}.{counter} up to date with a trigger.")
            m.slug = f"count_{child.noun}_on_{parent.name}"
            return
        t = self.pick_table(lambda x: not x.lookup)
        if t is None:
            return self.k_create_table(m)
        if r < 0.6:
            audit = "audit_log"
            if audit not in c.tables:
                self.audit_table(m)
            fn = c.fit(f"{t.name}_audit_{self.c.version}")
            body = (f"CREATE OR REPLACE FUNCTION {fn}() RETURNS trigger\nLANGUAGE plpgsql\nSECURITY DEFINER\nAS $function$\n"
                    f"DECLARE\n{i}actor text := current_setting('app.actor', true);\nBEGIN\n"
                    f"{i}INSERT INTO audit_log (table_name, operation, row_id, actor, old_row, new_row)\n"
                    f"{i}VALUES (\n{i * 2}TG_TABLE_NAME,\n{i * 2}TG_OP,\n{i * 2}COALESCE(NEW.id, OLD.id)::text,\n{i * 2}actor,\n"
                    f"{i * 2}CASE WHEN TG_OP IN ('UPDATE', 'DELETE') THEN to_jsonb(OLD) END,\n"
                    f"{i * 2}CASE WHEN TG_OP IN ('INSERT', 'UPDATE') THEN to_jsonb(NEW) END\n{i});\n"
                    f"{i}RETURN COALESCE(NEW, OLD);\nEND;\n$function$;")
            trig = c.fit(f"{t.name}_audit_trg")
            if trig in t.triggers:
                return self.k_add_columns(m)
            m.add(body, f"DROP FUNCTION IF EXISTS {fn}();")
            m.add(f"CREATE TRIGGER {trig}\n{i}AFTER INSERT OR UPDATE OR DELETE ON {t.name}\n{i}FOR EACH ROW EXECUTE FUNCTION {fn}();",
                  f"DROP TRIGGER IF EXISTS {trig} ON {t.name};")
            t.triggers.append(trig)
            c.functions[fn] = f"{fn}()"
            m.header.append(f"Audit every change to {t.name}.")
            m.slug = f"audit_{t.name}"
            return
        # A set-returning helper used by the API, in SQL or PL/pgSQL.
        text_cols = [n for n, col in t.cols.items() if col.kind in ("text", "slug", "email", "word") and col.type in ("text",) or col.type.startswith("varchar")]
        if not text_cols:
            return self.k_add_columns(m)
        tc = text_cols[0]
        t.cols[tc].pinned = True
        t.dependents += 1
        fn = c.fit(f"search_{t.name}_{self.c.version}")
        if rng.random() < 0.5:
            body = (f"CREATE OR REPLACE FUNCTION {fn}(query text, max_rows integer DEFAULT 50)\nRETURNS SETOF {t.name}\nLANGUAGE sql\nSTABLE\nAS $$\n"
                    f"{i}SELECT *\n{i}FROM {t.name}\n{i}WHERE {ident(tc)} ILIKE '%' || query || '%'\n{i}ORDER BY id\n{i}LIMIT max_rows;\n$$;")
        else:
            body = (f"CREATE OR REPLACE FUNCTION {fn}(query text, max_rows integer DEFAULT 50)\nRETURNS SETOF {t.name}\nLANGUAGE plpgsql\nSTABLE\nAS $$\n"
                    f"DECLARE\n{i}pattern text;\nBEGIN\n{i}IF query IS NULL OR length(trim(query)) = 0 THEN\n{i * 2}RAISE EXCEPTION 'empty search query' USING ERRCODE = '22023';\n{i}END IF;\n"
                    f"{i}pattern := '%' || replace(replace(query, '%', '\\%'), '_', '\\_') || '%';\n"
                    f"{i}RETURN QUERY\n{i * 2}SELECT *\n{i * 2}FROM {t.name} r\n{i * 2}WHERE r.{ident(tc)} ILIKE pattern\n{i * 2}ORDER BY r.id\n{i * 2}LIMIT max_rows;\nEND;\n$$;")
        m.add(body, f"DROP FUNCTION IF EXISTS {fn}(text, integer);")
        c.functions[fn] = f"{fn}(text, integer)"
        if rng.random() < 0.3:
            m.add(f"GRANT EXECUTE ON FUNCTION {fn}(text, integer) TO PUBLIC;")
        m.header.append(f"Search helper for {t.name}.")
        m.slug = f"create_{fn}"

    def audit_table(self, m: Migration):
        st = m.style
        self.c.relnames["audit_log"] = "table"
        t = Table("audit_log", "audit_log", "core", "bigint", identity=True)
        for n, typ, kind in [("id", "bigint", "int"), ("table_name", "text", "text"), ("operation", "text", "text"),
                             ("row_id", "text", "text"), ("actor", "text", "text"), ("old_row", "jsonb", "json"),
                             ("new_row", "jsonb", "json"), ("changed_at", "timestamptz", "ts")]:
            t.cols[n] = Col(n, typ, n in ("id", "table_name", "operation", "changed_at"), None, kind, pinned=True)
        t.dependents += 1
        self.add_table(t)
        m.add(f"CREATE TABLE IF NOT EXISTS audit_log (\n" + lines([
            "id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY", "table_name text NOT NULL",
            "operation text NOT NULL CHECK (operation IN ('INSERT', 'UPDATE', 'DELETE'))", "row_id text",
            "actor text", "old_row jsonb", "new_row jsonb", "changed_at timestamptz NOT NULL DEFAULT now()"], st.indent) + "\n);")
        m.add("CREATE INDEX IF NOT EXISTS audit_log_table_name_row_id_idx ON audit_log (table_name, row_id);")
        self.c.relnames["audit_log_table_name_row_id_idx"] = "index"

    def k_seed(self, m: Migration, rows: int | None = None):
        c, rng, st = self.c, self.rng, m.style
        t = self.pick_table(lambda x: x.lookup)
        if t is None or rng.random() < 0.3:
            return self.k_lookup(m, rows)
        start = t.next_id
        n = rows or rng.randint(2, 30)
        t.next_id += n
        values = [f"({start + k}, '{rng.choice(WORDS)}_{start + k}', {c.literal('text')}, {k})" for k in range(n)]
        m.add(f"INSERT INTO {t.name} (id, code, label, sort_order)\nVALUES\n{lines(values, st.indent)}\n"
              f"ON CONFLICT (code) DO UPDATE SET label = EXCLUDED.label, sort_order = EXCLUDED.sort_order;",
              f"DELETE FROM {t.name} WHERE id BETWEEN {start} AND {start + n - 1};")
        if rng.random() < 0.3:
            m.add(f"UPDATE {t.name} SET is_active = false WHERE code LIKE '{rng.choice(WORDS)}%';")
        m.header.append(f"More {t.name.replace('_', ' ')}.")
        m.slug = f"seed_{t.name}"

    def k_misc(self, m: Migration):
        c, rng = self.c, self.rng
        r = rng.random()
        t = self.pick_table()
        if t is None:
            return self.k_create_table(m)
        if r < 0.3:
            role = rng.choice(["app_readonly", "reporting", "support_agent"])
            m.add(f"GRANT SELECT ON {t.name} TO {role};", f"REVOKE SELECT ON {t.name} FROM {role};")
            m.header.append(f"Let {role} read {t.name}.")
            m.slug = f"grant_{t.name}_to_{role}"
        elif r < 0.5:
            ff = rng.choice([70, 80, 90])
            m.add(f"ALTER TABLE {t.name} SET (fillfactor = {ff}, autovacuum_vacuum_scale_factor = 0.02);",
                  f"ALTER TABLE {t.name} RESET (fillfactor, autovacuum_vacuum_scale_factor);")
            m.header.append(f"{t.name} is updated in place a lot; leave room on each page.")
            m.slug = f"tune_{t.name}"
        elif r < 0.7:
            self.comment_on(m, t)
            m.header.append(f"Document {t.name}.")
            m.slug = f"comment_{t.name}"
        elif r < 0.85 and t.dependents == 0 and not t.triggers and t.name not in m.new_tables and len(c.tables) > 20:
            defs = [c.column_sql(col, Style(True, '', False, False), 0) for col in t.cols.values()]
            m.add(f"DROP TABLE {t.name};", f"CREATE TABLE {t.name} (\n{lines(defs, m.style.indent)}\n);")
            del c.tables[t.name]
            for col, parent in t.fks:
                if parent in c.tables:
                    c.tables[parent].dependents -= 1
            m.header.append(f"Drop {t.name}: the feature was removed.")
            m.slug = f"drop_{t.name}"
        else:
            col = "number" if "number" not in t.cols else "display_number"
            if col in t.cols:
                return self.k_add_columns(m)
            seq = c.claim(f"{t.name}_number_seq", "sequence")
            m.add(f"CREATE SEQUENCE {seq} START WITH 1000 INCREMENT BY 1 CACHE 20;", f"DROP SEQUENCE IF EXISTS {seq};")
            m.add(f"ALTER TABLE {t.name} ADD COLUMN {col} bigint DEFAULT nextval('{seq}');", f"ALTER TABLE {t.name} DROP COLUMN IF EXISTS {col};")
            t.cols[col] = Col(col, "bigint", False, f"nextval('{seq}')", "int", pinned=True)
            m.header.append(f"Human-friendly numbers for {t.name}.")
            m.slug = f"add_{col}_to_{t.name}"

    def k_feature(self, m: Migration):
        """Several changes shipped together, like most mid-sized migrations."""
        rng = self.rng
        kinds = [self.k_create_table, self.k_create_table, self.k_add_columns, self.k_backfill, self.k_foreign_key,
                 self.k_enum, self.k_view, self.k_function_trigger, self.k_check_not_valid, self.k_seed]
        n = rng.choices([2, 3, 4, 6], [0.4, 0.3, 0.2, 0.1])[0]
        slugs = []
        for _ in range(n):
            k = rng.choice(kinds)
            if k == self.k_enum and any("ADD VALUE" in p for p in m.up):
                continue
            k(m)
            slugs.append(m.slug)
        m.slug = slugs[0] if slugs else m.slug

    # ---- big files ----------------------------------------------------------------------------

    def k_squash(self, m: Migration, target: int, baseline: bool = False):
        """A pg_dump-style schema for a whole module, 20-200 KB."""
        c, rng = self.c, self.rng
        m.style.upper = True
        module = rng.choice(MODULES)
        parts_before = len(m.up)
        if baseline:
            m.header += ["Baseline schema, squashed from the migrations before the rewrite.",
                         "Generated with pg_dump --schema-only and tidied by hand."]
            for s in ["SET statement_timeout = 0;", "SET lock_timeout = 0;", "SET client_encoding = 'UTF8';",
                      "SET standard_conforming_strings = on;", "SET client_min_messages = warning;"]:
                m.add(s)
            m.add('CREATE EXTENSION IF NOT EXISTS pgcrypto WITH SCHEMA public;')
            m.add("COMMENT ON EXTENSION pgcrypto IS 'cryptographic functions';")
            m.add("CREATE EXTENSION IF NOT EXISTS pg_trgm WITH SCHEMA public;")
            m.add("CREATE FUNCTION public.set_updated_at() RETURNS trigger\n    LANGUAGE plpgsql\n    AS $$\nBEGIN\n    NEW.updated_at := now();\n    RETURN NEW;\nEND;\n$$;")
            c.functions["set_updated_at"] = "set_updated_at()"
            for role in ("app_readonly", "reporting", "support_agent"):
                m.add(f"DO $$\nBEGIN\n    IF NOT EXISTS (SELECT FROM pg_catalog.pg_roles WHERE rolname = '{role}') THEN\n"
                      f"        CREATE ROLE {role} NOLOGIN;\n    END IF;\nEND\n$$;")
        else:
            m.header += [f"Squashed schema for the {module} module (merged from the {module} service database).",
                         "Generated with pg_dump --schema-only; do not edit by hand."]
        size = lambda: sum(len(p) for p in m.up)  # noqa: E731
        created: list[Table] = []
        while size() < target:
            r = rng.random()
            if r < 0.08:
                self.k_enum_plain(m, module)
            elif r < 0.72 or len(created) < 2:
                parents = rng.sample(created, min(len(created), rng.choice([0, 1, 1, 2]))) if created else []
                before = len(m.down)
                t = self.create_table(m, module=module, qualified=True, parents=parents)
                if not baseline:
                    del m.down[0: len(m.down) - before]  # one DROP per module table, written below
                created.append(t)
            elif r < 0.82:
                t = rng.choice(created)
                seq = c.claim(f"{t.name}_legacy_id_seq", "sequence")
                m.add(f"CREATE SEQUENCE public.{seq}\n    START WITH 1\n    INCREMENT BY 1\n    NO MINVALUE\n    NO MAXVALUE\n    CACHE 1;")
                col = "legacy_id"
                if col not in t.cols:
                    m.add(f"ALTER TABLE ONLY public.{t.name} ADD COLUMN {col} integer;")
                    m.add(f"ALTER SEQUENCE public.{seq} OWNED BY public.{t.name}.{col};")
                    m.add(f"ALTER TABLE ONLY public.{t.name} ALTER COLUMN {col} SET DEFAULT nextval('public.{seq}'::regclass);")
                    t.cols[col] = Col(col, "integer", False, None, "int", pinned=True)
            elif r < 0.9 and len(created) >= 2:
                self.k_view(m, materialized=rng.random() < 0.3)
            else:
                self.k_function_trigger(m)
        if baseline:
            m.down = ["DROP SCHEMA public CASCADE;", "CREATE SCHEMA public;", "GRANT ALL ON SCHEMA public TO PUBLIC;"]
        else:
            m.down.extend(f"DROP TABLE IF EXISTS public.{t.name} CASCADE;" for t in reversed(created) if t.name in c.tables)
            for t in created:
                t.dependents += 1  # dropped together or not at all
        m.slug = "baseline_schema" if baseline else f"squash_{module}_schema"
        assert len(m.up) > parts_before

    def k_enum_plain(self, m: Migration, module: str):
        c, rng = self.c, self.rng
        name = c.claim(f"{module}_{singular(rng.choice(NOUNS))}_{rng.choice(['status', 'kind', 'state'])}", "type")
        values = list(dict.fromkeys(rng.sample(WORDS, rng.randint(3, 10))))
        m.add(f"CREATE TYPE public.{name} AS ENUM (\n" + ",\n".join(f"    '{v}'" for v in values) + "\n);")
        c.enums[name] = values

    def k_big_seed(self, m: Migration, target: int):
        self.k_lookup(m, rows=max(30, target // 110))
        m.slug = f"seed_{m.slug[len('create_'):]}"
        m.header.insert(0, "Import the reference data the old admin tool kept in a spreadsheet.")

    # ---- steady state: the schema stops growing ----------------------------------------------
    # A mature project: migrations change data and tune existing tables, and what they add is
    # dropped again later, so the number of tables, columns and indexes stays about the same.

    STEADY_EXTRA = 24  # columns, and indexes, that the steady state keeps at most at one time

    def k_steady_column(self, m: Migration):
        """Adds a column, or drops one the steady state added earlier."""
        c, rng = self.c, self.rng
        cols = self.steady_columns
        if cols and (len(cols) >= self.STEADY_EXTRA or rng.random() < 0.5):
            tname, cname = cols.pop(0)
            t = c.tables.get(tname)
            if t is None or cname not in t.cols or t.cols[cname].pinned:
                return self.k_steady_update(m)
            col = t.cols.pop(cname)
            m.add(f"ALTER TABLE {tname} DROP COLUMN IF EXISTS {ident(cname)};",
                  f"ALTER TABLE {tname} ADD COLUMN {ident(cname)} {col.type};")
            m.header.append(f"Drop {tname}.{cname}: the experiment that needed it is over.")
            m.slug = f"drop_{cname}_from_{tname}"
            return
        t = self.pick_table(lambda x: not x.lookup and not x.seeded)
        col = c.random_column(t.cols, allow_enum=False) if t is not None else None
        if col is None:
            return self.k_steady_update(m)
        col.not_null, col.check = False, None
        t.cols[col.name] = col
        cols.append((t.name, col.name))
        m.add(f"ALTER TABLE {t.name} ADD COLUMN {ident(col.name)} {col.type};",
              f"ALTER TABLE {t.name} DROP COLUMN IF EXISTS {ident(col.name)};")
        m.header.append(f"Add {col.name} to {t.name}: {rng.choice(REASONS)}.")
        m.slug = f"add_{col.name}_to_{t.name}"

    def k_steady_index(self, m: Migration):
        """Builds an index concurrently, or drops one the steady state built earlier."""
        c, rng = self.c, self.rng
        ixs = self.steady_indexes
        m.no_tx = True
        if ixs and (len(ixs) >= self.STEADY_EXTRA or rng.random() < 0.5):
            tname, iname = ixs.pop(0)
            c.relnames.pop(iname, None)  # the name is free again
            m.add(f"DROP INDEX CONCURRENTLY IF EXISTS {iname};", None)
            m.down.append("-- sqlmigrate:nothing-to-undo\n-- The index was unused; rebuild it from its migration if needed.")
            m.header.append(f"Drop {iname}: no query has used it for months.")
            m.slug = f"drop_{iname}"
            return
        t = self.pick_table(lambda x: len(x.cols) > 2)
        if t is None:
            m.no_tx = False
            return self.k_steady_update(m)
        name = self.index_on(m, t, None, plain_ok=False, concurrently=True)
        ixs.append((t.name, name))
        m.header.append("Built CONCURRENTLY so writes keep flowing; this cannot run inside a transaction.")
        m.slug = f"index_{name}"

    def k_steady_update(self, m: Migration):
        """Changes data only: a backfill of an existing column, or more rows for a lookup table."""
        c, rng, st = self.c, self.rng, m.style
        lookup = self.pick_table(lambda x: x.lookup) if rng.random() < 0.3 else None
        if lookup is not None:
            start = lookup.next_id
            n = rng.randint(2, 60)
            lookup.next_id += n
            values = [f"({start + k}, '{rng.choice(WORDS)}_{start + k}', {c.literal('text')}, {k})" for k in range(n)]
            m.add(f"INSERT INTO {lookup.name} (id, code, label, sort_order)\nVALUES\n{lines(values, st.indent)}\n"
                  f"ON CONFLICT (code) DO UPDATE SET label = EXCLUDED.label, sort_order = EXCLUDED.sort_order;",
                  f"DELETE FROM {lookup.name} WHERE id BETWEEN {start} AND {start + n - 1};")
            m.header.append(f"More {lookup.name.replace('_', ' ')}.")
            m.slug = f"seed_{lookup.name}"
            return
        def fixable(col: Col) -> bool:
            return col.kind in ("text", "int") and not col.pinned and col.name != "id"

        fixed = []
        for _ in range(rng.choice([1, 1, 2, 3])):
            t = self.pick_table(lambda x: not x.lookup and any(fixable(col) for col in x.cols.values()))
            if t is None:
                break
            col = rng.choice([col for col in t.cols.values() if fixable(col)])
            value = c.literal(col.kind, rng.randint(1, 99))
            where = f"{ident(col.name)} IS NULL" if not col.not_null else f"id IN (SELECT id FROM {t.name} ORDER BY id LIMIT 100)"
            if rng.random() < 0.35:
                m.add(f"DO $$\nDECLARE\n{st.indent}affected integer;\nBEGIN\n{st.indent}LOOP\n"
                      f"{st.indent * 2}UPDATE {t.name} SET {ident(col.name)} = {value}\n"
                      f"{st.indent * 2}WHERE id IN (SELECT id FROM {t.name} WHERE {where} LIMIT 5000);\n"
                      f"{st.indent * 2}GET DIAGNOSTICS affected = ROW_COUNT;\n{st.indent * 2}EXIT WHEN affected = 0;\n"
                      f"{st.indent}END LOOP;\nEND\n$$;", None)
            else:
                m.add(f"UPDATE {t.name}\nSET {ident(col.name)} = {value}\nWHERE {where};", None)
            fixed.append(f"{t.name}.{col.name}")
        if not fixed:
            return
        m.down.append("-- sqlmigrate:nothing-to-undo\n-- A data fix: the old values are not kept.")
        m.header.append(f"Fix {', '.join(fixed)} for rows written before the last release.")
        m.slug = f"fix_{fixed[0].replace('.', '_')}"

    # ---- driver -------------------------------------------------------------------------------

    def next_migration(self) -> Migration:
        c, rng = self.c, self.rng
        c.version += 1
        c.day += rng.choice([0, 0, 1, 1, 2, 3, 7])
        m = Migration(c, "change")
        if c.version == 1:
            self.k_squash(m, target=rng.randint(60_000, 140_000), baseline=True)
            return m
        if self.steady:
            kinds = [(self.k_steady_update, 10), (self.k_alter_column, 5), (self.k_steady_column, 6), (self.k_steady_index, 4)]
            rng.choices([k for k, _ in kinds], [w for _, w in kinds])[0](m)
            return m
        r = rng.random()
        if r < 0.002:
            self.k_squash(m, target=int(20_000 * (10 ** rng.uniform(0, 1))))
        elif r < 0.003:
            self.k_big_seed(m, target=int(20_000 * (10 ** rng.uniform(0, 0.7))))
        else:
            kinds = [
                (self.k_create_table, 22), (self.k_feature, 16), (self.k_add_columns, 12), (self.k_index_concurrently, 8),
                (self.k_plain_index_existing, 3), (self.k_foreign_key, 5), (self.k_check_not_valid, 2), (self.k_validate, 3),
                (self.k_backfill, 7), (self.k_alter_column, 5), (self.k_rename_or_drop_column, 4), (self.k_enum, 4),
                (self.k_view, 5), (self.k_function_trigger, 5), (self.k_seed, 3), (self.k_lookup, 2), (self.k_misc, 4),
            ]
            k = rng.choices([k for k, _ in kinds], [w for _, w in kinds])[0]
            k(m)
            if m.no_tx and len(m.up) > 1:  # only the index may live in a no-transaction file
                m.no_tx = False
        return m

    def write(self, out_dir: str, budget: int, steady_after: int | None = None) -> tuple[int, int]:
        total, files = 0, 0
        while total < budget:
            self.steady = steady_after is not None and total >= steady_after
            m = self.next_migration()
            if not m.up:
                self.c.version -= 1
                continue
            slug = re.sub(r"[^a-z0-9_]+", "_", m.slug.lower()).strip("_")
            if len(slug) > 60:
                slug = slug[:61].rsplit("_", 1)[0]
            slug = slug or "change"
            stem = os.path.join(out_dir, f"{self.c.version:06d}_{slug}")
            no_tx = m.no_tx
            up = m.render(m.up, m.header, no_tx)
            with open(stem + ".up.sql", "w", encoding="utf-8", newline="\n") as f:
                f.write(up)
            total += len(up.encode())
            files += 1
            if self.rng.random() < 0.9:
                # An irreversible migration says so the way sqlmigrate reads it (missing-down-migration).
                down_parts = m.down or [
                    "-- sqlmigrate:nothing-to-undo\n-- Irreversible: restore from a backup if this has to be undone."]
                down_no_tx = no_tx and any("CONCURRENTLY" in p for p in down_parts)
                down = m.render(down_parts, [], down_no_tx)
                with open(stem + ".down.sql", "w", encoding="utf-8", newline="\n") as f:
                    f.write(down)
                total += len(down.encode())
                files += 1
        return total, files


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("out_dir")
    ap.add_argument("--mb", type=float, required=True, help="total size of the .sql files, in MB (10^6 bytes)")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--steady-after", type=float, metavar="MB",
                    help="from this many MB on, stop growing the schema: later migrations change data, alter "
                         "existing columns, and add columns and indexes that they drop again")
    args = ap.parse_args()
    os.makedirs(args.out_dir, exist_ok=True)
    for name in os.listdir(args.out_dir):  # regenerate from scratch
        if name.endswith(".sql"):
            os.unlink(os.path.join(args.out_dir, name))
    steady_after = int(args.steady_after * 1_000_000) if args.steady_after is not None else None
    total, files = Generator(args.seed).write(args.out_dir, int(args.mb * 1_000_000), steady_after)
    print(f"wrote {files} files, {total} bytes to {args.out_dir}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
