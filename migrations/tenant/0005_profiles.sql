-- Members' performance figures (docs/metrics.md, "How it is maintained").
-- profile_stats holds the all-time accumulator of app/profiles, kept by the
-- settlement transaction; profile_windows caches the rolling windows and the
-- equity curve, refreshed by the "profile_windows" job. Both are derived from
-- bets and can be rebuilt at any time (`tailgate stats rebuild`).

-- One row per member with a settled bet: exactly the accumulator's scalars
-- (struct profiles_acc) and the settlement sequence last applied.
CREATE TABLE profile_stats (
    user_id       uuid PRIMARY KEY REFERENCES users (id),
    seq           bigint NOT NULL DEFAULT 0,     -- bets.settle_seq last applied
    bets          bigint NOT NULL DEFAULT 0,
    won           bigint NOT NULL DEFAULT 0,
    lost          bigint NOT NULL DEFAULT 0,
    half_won      bigint NOT NULL DEFAULT 0,
    half_lost     bigint NOT NULL DEFAULT 0,
    pushes        bigint NOT NULL DEFAULT 0,
    voids         bigint NOT NULL DEFAULT 0,
    staked        bigint NOT NULL DEFAULT 0,
    profit        bigint NOT NULL DEFAULT 0,
    odds_sum      bigint NOT NULL DEFAULT 0,
    level_sum     bigint NOT NULL DEFAULT 0,
    win_run       bigint NOT NULL DEFAULT 0,
    loss_run      bigint NOT NULL DEFAULT 0,
    win_streak    bigint NOT NULL DEFAULT 0,
    loss_streak   bigint NOT NULL DEFAULT 0,
    peak          bigint NOT NULL DEFAULT 0,
    max_drawdown  bigint NOT NULL DEFAULT 0,
    clv_bets      bigint NOT NULL DEFAULT 0,
    last_at       bigint NOT NULL DEFAULT 0,
    month_key     integer NOT NULL DEFAULT -1,   -- year * 12 + month - 1; -1: none
    month_bets    bigint NOT NULL DEFAULT 0,
    month_profit  bigint NOT NULL DEFAULT 0,
    best_key      integer NOT NULL DEFAULT -1,
    best_bets     bigint NOT NULL DEFAULT 0,
    best_profit   bigint NOT NULL DEFAULT 0,
    worst_key     integer NOT NULL DEFAULT -1,
    worst_bets    bigint NOT NULL DEFAULT 0,
    worst_profit  bigint NOT NULL DEFAULT 0,
    ret_mean      float8 NOT NULL DEFAULT 0,
    ret_m2        float8 NOT NULL DEFAULT 0,
    clv_sum       float8 NOT NULL DEFAULT 0,
    null_var      float8 NOT NULL DEFAULT 0
);

-- The accumulator's sport buckets, pos = order of first appearance (0..31).
CREATE TABLE profile_sport_stats (
    user_id   uuid NOT NULL REFERENCES profile_stats (user_id),
    pos       integer NOT NULL CHECK (pos BETWEEN 0 AND 31),
    sport     text NOT NULL CHECK (length(sport) BETWEEN 1 AND 40),
    bets      bigint NOT NULL,
    winning   bigint NOT NULL,
    losing    bigint NOT NULL,
    staked    bigint NOT NULL,
    profit    bigint NOT NULL,
    PRIMARY KEY (user_id, pos)
);

-- The 7-day, 30-day and 1-year metrics, the equity curve and the latest
-- settled bets as of computed_at. A reader uses the row only while seq equals profile_stats.seq
-- (no settlement since) and valid_until is in the future (no bet has left a
-- window since); otherwise it computes the figures itself.
CREATE TABLE profile_windows (
    user_id      uuid PRIMARY KEY REFERENCES profile_stats (user_id),
    seq          bigint NOT NULL,
    computed_at  timestamptz NOT NULL,
    valid_until  timestamptz NOT NULL,
    windows      text NOT NULL,   -- {"7_days": Metrics, "30_days": ..., "1_year": ...}
    -- the equity curve: cumulative profit (minor units) at each time (unix seconds)
    curve_t      bigint[] NOT NULL,
    curve_profit bigint[] NOT NULL CHECK (cardinality(curve_profit) = cardinality(curve_t)),
    -- the latest settled bets as the page lists them, 11 elements each:
    -- settled_at, sport, home, away, kind, line, outcome, odds, stake, status, profit
    recent       text[] NOT NULL
);
CREATE INDEX profile_windows_expiry ON profile_windows (valid_until);
