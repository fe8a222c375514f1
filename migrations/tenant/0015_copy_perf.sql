-- The fan-out reads a trader's active copiers in chunks, in relationship id
-- order after the last chunk's id (copy_engine.c: ... AND r.id > $after
-- AND r.copy_delay_seconds <= $delay ORDER BY r.id LIMIT 1000). The index of
-- 0014, (trader_id, copy_delay_seconds, id), gives ids in order only within
-- one delay, and the chunk asks for every delay up to its job's: the plan a
-- long-running worker settles on read every copier left after the last
-- chunk and sorted them for each chunk (10,000 copiers: 55,000 rows read and
-- sorted for 10,000 copies; 5,000 and 55 ms for the middle chunk), and the
-- plans made for the values walked the primary key through every trader's
-- relationships. In (trader_id, id) order a chunk reads its 1,000 rows and
-- stops (about 12 ms for 1,000, any chunk). The older index stays for the
-- delays in use (queue_delays: copy_delay_seconds > 0).
CREATE INDEX copy_relationships_trader_id ON copy_trading_relationships (trader_id, id)
    WHERE status = 'active';
