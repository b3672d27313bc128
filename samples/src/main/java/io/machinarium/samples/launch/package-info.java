/**
 * The launcher of {@code bin/sample NAME [OPTIONS]}: {@link io.machinarium.samples.launch.SampleMain} picks the
 * sample by name. It depends on every sample; no sample depends on it, so the packages form no cycle.
 */
package io.machinarium.samples.launch;
