"""Configuration, read from the environment in one place (no import-time side effects)."""

from __future__ import annotations

import os
from pathlib import Path

from pydantic import BaseModel, Field

__all__ = ["DomainRules", "Settings", "load_settings"]


class DomainRules(BaseModel):
    """Numbers of the domain that the seeds state or leave open; each overridable per region in data."""

    update_rhythm_months: int = 3  # seeds leave the contactbeheer rhythm open (000:474-476)
    update_request_interval_days: int = 45  # a person is asked again at most this often (issue #10: "N days")
    update_reminder_days: int = 14  # no answer: a reminder after this, the organisation's contact after twice this
    route_301_contact_werkdagen: int = 3  # 000:2118-2124
    route_315_contact_werkdagen: int = 5  # 000:2282-2300
    route_step_werkdagen: int = 5  # steps 3, 4 and 5A (each message 5 werkdagen; 000:2168-2201, 000:2357-2428)
    zorgbemiddelaar_response_werkdagen: int = 3  # proposed norm, immediate when urgent (000:2535-2566)
    clarity_weeks_301: int = 3  # 000:2203-2205
    clarity_weeks_315: int = 2  # 000:2372-2374
    ret_weeks: int = 2  # 000:2241-2259
    final_escalation_weeks: int = 1  # 000:2263-2279
    jbt_max_wait_days: int = 14  # 000:1819-1829
    meetings_per_year: int = 2  # 000:717-719
    hours_per_meeting: int = 4  # 1 preparation + 2 meeting + 1 travel (000:687-691)
    travel_hours: int = 1
    max_meeting_hours_per_year: int = 8  # 000:693-697
    # Retention (AVG art. 5 lid 1 e; graph/queries/retention.py, docs/privacy.md)
    case_retention_months: int = 12  # a closed case is purged this long after closing
    inactive_erasure_months: int = 12  # a professional inactive this long is erased ...
    erasure_notice_days: int = 30  # ... this long after their coordinator was told


class Settings(BaseModel):
    db_path: Path = Path("var/jbnet.sqlite")
    neo4j_uri: str | None = None
    neo4j_user: str = "neo4j"
    neo4j_password: str = ""
    neo4j_database: str = "neo4j"
    secret_key: str | None = None
    poll_seconds: float = 1.0
    min_seq_wait: float = 2.0  # longest a request with X-Jbnet-Min-Seq waits for this process to catch up
    max_page_size: int = 100
    max_query_depth: int = 12
    max_aliases: int = 30
    max_tokens: int = 5_000
    response_cache_size: int = 4_096  # lookup answers kept per process (0 = off); keyed by graph version
    smtp_url: str | None = None  # JBNET_SMTP_URL: smtp://, smtp+starttls://, smtps:// (api/mail); unset = outbox
    mail_from: str = "jbnet <noreply@jbnet.localhost>"  # JBNET_MAIL_FROM
    base_url: str = "http://127.0.0.1:8000"  # JBNET_BASE_URL: the public address used in mailed links
    outbox_dir: Path | None = None  # JBNET_OUTBOX: where mails go as .eml files without SMTP (see ``outbox``)
    oidc_config: Path | None = None  # JBNET_OIDC_CONFIG: TOML file of OpenID Connect providers (api/oidc.py)
    scheduler: bool = False  # JBNET_SCHEDULER: run the daily jobs (api/jobs.py) here; `jbnet serve` turns it on
    jobs_minutes: float = 60.0  # JBNET_JOBS_MINUTES: how often the scheduler looks for due daily jobs
    max_body_bytes: int = 1_048_576  # JBNET_MAX_BODY_BYTES: larger request bodies get 413
    max_upload_bytes: int = 20 * 1_048_576  # JBNET_MAX_UPLOAD_BYTES: the same for workbook uploads (multipart)
    rate_limit_sign_in: str = "10/minute;100/hour"  # JBNET_RATE_LIMIT_SIGN_IN: refused sign-ins per address ("" = off)
    rate_limit_api: str = "1800/minute"  # JBNET_RATE_LIMIT_API: per token, or per address without one ("" = off)
    rules: DomainRules = Field(default_factory=DomainRules)

    @property
    def outbox(self) -> Path:
        """JBNET_OUTBOX, else ``outbox/`` beside the SQLite file (``var/outbox`` by default): a test's store in a
        temporary folder keeps its mail there too."""
        return self.outbox_dir or self.db_path.parent / "outbox"

    @property
    def uses_neo4j(self) -> bool:
        return bool(self.neo4j_uri)


def load_settings(env: dict[str, str] | None = None) -> Settings:
    e = dict(os.environ if env is None else env)
    values: dict[str, object] = {}
    if e.get("JBNET_DB"):
        values["db_path"] = Path(e["JBNET_DB"])
    if e.get("NEO4J_URI"):
        values["neo4j_uri"] = e["NEO4J_URI"]
    for env_name, field in (("NEO4J_USER", "neo4j_user"), ("NEO4J_PASSWORD", "neo4j_password"),
                            ("NEO4J_DATABASE", "neo4j_database"), ("JBNET_SECRET", "secret_key"),
                            ("JBNET_POLL_SECONDS", "poll_seconds"), ("JBNET_MIN_SEQ_WAIT", "min_seq_wait"),
                            ("JBNET_MAX_PAGE_SIZE", "max_page_size"),
                            ("JBNET_MAX_QUERY_DEPTH", "max_query_depth"), ("JBNET_MAX_ALIASES", "max_aliases"),
                            ("JBNET_RESPONSE_CACHE_SIZE", "response_cache_size"), ("JBNET_SMTP_URL", "smtp_url"),
                            ("JBNET_MAIL_FROM", "mail_from"), ("JBNET_BASE_URL", "base_url"),
                            ("JBNET_OUTBOX", "outbox_dir"), ("JBNET_JOBS_MINUTES", "jobs_minutes"),
                            ("JBNET_MAX_BODY_BYTES", "max_body_bytes"), ("JBNET_MAX_UPLOAD_BYTES", "max_upload_bytes"),
                            ("JBNET_OIDC_CONFIG", "oidc_config")):
        if e.get(env_name):
            values[field] = e[env_name]
    if e.get("JBNET_SCHEDULER"):
        values["scheduler"] = e["JBNET_SCHEDULER"].strip().lower() in ("1", "true", "yes", "on")
    for env_name, field in (("JBNET_RATE_LIMIT_SIGN_IN", "rate_limit_sign_in"),
                            ("JBNET_RATE_LIMIT_API", "rate_limit_api")):
        if env_name in e:  # set but empty turns the limit off
            values[field] = e[env_name]
    return Settings.model_validate(values)
