package org.transferlab.engine.data;

import java.util.Arrays;

/** A growable float array: pixels are kept in single precision until preprocessing (a CIFAR class pair is 37 M values). */
final class FloatList {
    private float[] data = new float[1 << 16];
    private int size;

    void add(float v) {
        if (size == data.length) {
            data = Arrays.copyOf(data, (int) Math.min(Integer.MAX_VALUE - 8, data.length * 2L));
        }
        data[size++] = v;
    }

    float[] toArray() {
        return Arrays.copyOf(data, size);
    }
}
