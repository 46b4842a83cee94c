package org.transferlab.engine.task;

/**
 * One seed's data for a transfer experiment.
 *
 * @param source     source training set D1
 * @param target     target training set D2
 * @param test       test inputs with target labels ({@code clean} = teacher values)
 * @param sourceTest the same test inputs with source labels, to follow the source phase
 * @param noise      the noise direction, or null when it was not needed (alpha_g = 0)
 */
public record TransferData(Dataset source, Dataset target, Dataset test, Dataset sourceTest,
                           Teacher sourceTeacher, Teacher targetTeacher, NoiseDirection noise) {
}
