package org.transferlab.engine.experiment;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A map that forgets its least recently used entry beyond a fixed size. Shared by the jobs one engine
 * computes, possibly at once (a worker's concurrency), hence synchronized; two jobs that miss the same
 * key at the same time both compute it, which costs time but never changes a number.
 */
final class BoundedCache<K, V> {
    private final LinkedHashMap<K, V> entries;
    private long hits;
    private long misses;

    BoundedCache(int capacity) {
        this.entries = new LinkedHashMap<>(16, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<K, V> eldest) {
                return size() > capacity;
            }
        };
    }

    synchronized V get(K key) {
        V v = entries.get(key);
        if (v == null) {
            misses++;
        } else {
            hits++;
        }
        return v;
    }

    synchronized void put(K key, V value) {
        entries.put(key, value);
    }

    /** "hits/lookups", for the worker's log and for tests that check reuse across jobs. */
    synchronized String stats() {
        return hits + "/" + (hits + misses);
    }
}
