package org.transferlab.engine.theory.dmft;

/** The three index sets of the point set S. */
public enum PointBlock {
    SOURCE_TRAIN,
    TARGET_TRAIN,
    TEST
}
