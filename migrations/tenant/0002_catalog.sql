-- The sports catalogue: sports -> competitions -> events -> markets ->
-- selections, with every price kept. Odds are decimal thousandths (2.10 ->
-- 2100); lines are hundredths of a goal or point (Asian handicap -0.25 ->
-- -25, total 2.5 -> 250, NFL spread -3.5 -> -350), handicaps from the home
-- side's point of view.

CREATE TABLE sports (
    key         text PRIMARY KEY CHECK (key ~ '^[a-z_]{2,30}$'),
    name        text NOT NULL,
    position    int NOT NULL DEFAULT 0
);
INSERT INTO sports (key, name, position) VALUES
    ('football', 'Football', 1), ('basketball', 'Basketball', 2),
    ('american_football', 'American football', 3), ('tennis', 'Tennis', 4),
    ('baseball', 'Baseball', 5), ('ice_hockey', 'Ice hockey', 6), ('cricket', 'Cricket', 7),
    ('rugby', 'Rugby', 8), ('mma', 'MMA', 9), ('boxing', 'Boxing', 10), ('golf', 'Golf', 11),
    ('esports', 'Esports', 12);

CREATE TABLE competitions (
    id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    sport       text NOT NULL REFERENCES sports (key),
    code        text NOT NULL CHECK (length(code) BETWEEN 1 AND 40),
    name        text NOT NULL CHECK (length(name) BETWEEN 1 AND 100),
    country     text NOT NULL DEFAULT '',
    UNIQUE (sport, code)
);

CREATE TABLE teams (
    id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    sport       text NOT NULL REFERENCES sports (key),
    name        text NOT NULL CHECK (length(name) BETWEEN 1 AND 100),
    UNIQUE (sport, name)
);

CREATE TABLE events (
    id              uuid PRIMARY KEY,
    competition_id  bigint NOT NULL REFERENCES competitions (id),
    home_team_id    bigint NOT NULL REFERENCES teams (id),
    away_team_id    bigint NOT NULL REFERENCES teams (id),
    starts_at       timestamptz NOT NULL,
    status          text NOT NULL DEFAULT 'scheduled'
                    CHECK (status IN ('scheduled', 'live', 'finished', 'cancelled')),
    home_score      int CHECK (home_score >= 0),
    away_score      int CHECK (away_score >= 0),
    -- bumped by every result (and correction), so settlement is idempotent
    result_version  int NOT NULL DEFAULT 0,
    source          text NOT NULL DEFAULT 'manual',   -- 'football-data', 'nba', 'nfl', 'feed', 'seed'
    source_key      text,                             -- the source's identity for the match
    created_at      timestamptz NOT NULL DEFAULT now(),
    updated_at      timestamptz NOT NULL DEFAULT now(),
    CHECK (home_team_id <> away_team_id),
    CHECK (status <> 'finished' OR (home_score IS NOT NULL AND away_score IS NOT NULL)),
    UNIQUE (source, source_key)
);
CREATE INDEX events_open ON events (starts_at) WHERE status IN ('scheduled', 'live');
CREATE INDEX events_competition ON events (competition_id, starts_at);

CREATE TABLE markets (
    id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    event_id    uuid NOT NULL REFERENCES events (id) ON DELETE CASCADE,
    kind        text NOT NULL CHECK (kind IN ('1x2', 'moneyline', 'handicap', 'total')),
    line        int NOT NULL DEFAULT 0 CHECK (line % 25 = 0),
    status      text NOT NULL DEFAULT 'open'
                CHECK (status IN ('open', 'suspended', 'closed', 'settled', 'void')),
    UNIQUE (event_id, kind, line),
    CHECK (kind IN ('handicap', 'total') OR line = 0)
);

CREATE TABLE selections (
    id                  bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    market_id           bigint NOT NULL REFERENCES markets (id) ON DELETE CASCADE,
    outcome             text NOT NULL CHECK (outcome IN ('home', 'draw', 'away', 'over', 'under')),
    odds                int CHECK (odds > 1000),        -- current price; NULL: not offered
    opening_odds        int CHECK (opening_odds > 1000),
    closing_odds        int CHECK (closing_odds > 1000),
    fair_closing_odds   int CHECK (fair_closing_odds > 1000), -- margin removed, for CLV
    updated_at          timestamptz NOT NULL DEFAULT now(),
    UNIQUE (market_id, outcome)
);

-- Every price seen, per bookmaker: opening and closing prices from imports,
-- and each change from the operator feed.
CREATE TABLE prices (
    selection_id    bigint NOT NULL REFERENCES selections (id) ON DELETE CASCADE,
    bookmaker       text NOT NULL CHECK (length(bookmaker) BETWEEN 1 AND 30),
    phase           text NOT NULL CHECK (phase IN ('open', 'close', 'update')),
    odds            int NOT NULL CHECK (odds > 1000),
    recorded_at     timestamptz NOT NULL,
    PRIMARY KEY (selection_id, bookmaker, phase, recorded_at)
);
