/**
 * Folded streams kept between commands: a stream's state at a version, so the next command reads
 * only the events recorded after it (`readStream(name, { fromVersion })`) instead of decoding and
 * folding the whole history again. Safe because events are never edited and versions are gapless:
 * a cached state at version v plus the events from v + 1 is exactly the fold of the whole stream.
 *
 * One cache per aggregate and store instance (weakly held), bounded: at most
 * {@link STREAM_CACHE_LIMIT} streams, the ones not used lately dropped first (`recentCache.ts`), and
 * a dropped stream is simply read in full.
 *
 * @since 0.1.0
 */
import type { EventStoreShape } from "../eventstore/EventStore.js"
import { makeRecentCache } from "../cache/recentCache.js"
import type { RecentCache } from "../cache/recentCache.js"
import type { LoadedStream } from "./handle.js"

/**
 * How many folded streams one aggregate keeps per store.
 * @example STREAM_CACHE_LIMIT // => 20_000
 * @since 0.1.0
 */
export const STREAM_CACHE_LIMIT = 20_000

const caches = new WeakMap<object, WeakMap<EventStoreShape, RecentCache<string, LoadedStream<unknown>>>>()

/**
 * The cache of folded streams of one aggregate on one store.
 * @example streamCacheOf(mailboxAggregate, store).get("mailbox-EKU9003173C9") // => { state, version, lastHash } or undefined
 * @since 0.1.0
 */
export const streamCacheOf = <State>(aggregate: object, store: EventStoreShape): Pick<RecentCache<string, LoadedStream<State>>, "get" | "set"> => {
  let perStore = caches.get(aggregate)
  if (perStore === undefined) caches.set(aggregate, (perStore = new WeakMap()))
  let cache = perStore.get(store)
  if (cache === undefined) perStore.set(store, (cache = makeRecentCache(STREAM_CACHE_LIMIT)))
  return cache as RecentCache<string, LoadedStream<State>>
}
