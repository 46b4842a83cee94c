package org.transferlab.engine.data;

import java.util.Arrays;

/** A growable int array (the loaders do not know how many examples of the wanted classes a file holds). */
final class IntList {
    private int[] data = new int[1024];
    private int size;

    void add(int v) {
        if (size == data.length) {
            data = Arrays.copyOf(data, data.length * 2);
        }
        data[size++] = v;
    }

    int[] toArray() {
        return Arrays.copyOf(data, size);
    }
}
