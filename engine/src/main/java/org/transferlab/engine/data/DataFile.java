package org.transferlab.engine.data;

import java.io.BufferedInputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.Channels;
import java.nio.channels.SeekableByteChannel;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * One regular dataset file that a {@link ConfinedRoot} let through, named in messages by its path
 * relative to that root. It is opened without following a link in its last name (the checked file
 * cannot be swapped for a link to somewhere else), and no more than {@link #MAX_BYTES} are read.
 */
public final class DataFile {
    /** The largest dataset file read (CIFAR-10's batches are 30 MB, Fashion-MNIST's training images 26 MB gzipped). */
    public static final long MAX_BYTES = 1L << 30;

    private final Path real;
    private final String name;

    DataFile(Path real, String name) {
        this.real = real;
        this.name = name;
    }

    /** The file's name relative to its root, e.g. {@code fashion-mnist/train-images-idx3-ubyte.gz}. */
    public String name() {
        return name;
    }

    /** A buffered stream over the file; refused if the file is larger than {@link #MAX_BYTES}. */
    public InputStream open() throws IOException {
        SeekableByteChannel channel = Files.newByteChannel(real, StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS);
        if (channel.size() > MAX_BYTES) {
            channel.close();
            throw new DataFileException(name + ": larger than " + MAX_BYTES + " bytes, the most a dataset file may have");
        }
        InputStream bounded = new FilterInputStream(Channels.newInputStream(channel)) {
            private long left = MAX_BYTES;

            @Override
            public int read() throws IOException {
                if (left <= 0) {
                    return -1;
                }
                int b = super.read();
                left -= b < 0 ? 0 : 1;
                return b;
            }

            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                if (left <= 0) {
                    return -1;
                }
                int n = super.read(b, off, (int) Math.min(len, left));
                left -= Math.max(n, 0);
                return n;
            }
        };
        return new BufferedInputStream(bounded, 1 << 16);
    }

    /** What to say when reading failed: the file's name and the kind of failure, never the system's message (it may hold a path). */
    DataFileException unreadable(IOException e) {
        return new DataFileException(name + ": cannot be read (" + e.getClass().getSimpleName() + ")");
    }
}
