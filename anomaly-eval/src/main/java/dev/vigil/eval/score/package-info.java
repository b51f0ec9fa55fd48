/**
 * The {@code score} command as a library: {@link dev.vigil.eval.score.Scoring#run} scores one model on
 * one {@code timestamp,value} CSV file as a {@link dev.vigil.eval.score.ScoreRequest} describes it
 * (leading {@link dev.vigil.eval.score.FitWindow}, optional refit schedule), writes the scored rows and
 * an optional HTML report, and returns a summary for the caller to print. Built on
 * {@code dev.vigil.eval.csv}, {@code dev.vigil.eval.report} and the models' {@code Replay}; it prints
 * nothing itself (warnings and progress go to a listener).
 */
package dev.vigil.eval.score;
