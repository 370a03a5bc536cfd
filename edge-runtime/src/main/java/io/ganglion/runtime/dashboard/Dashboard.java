package io.ganglion.runtime.dashboard;

/**
 * The dashboard's server side beside the REST API: the live readings stream and the ingest rates the overview shows.
 * The pages themselves are static ({@link DashboardAssets}); everything else they show comes from {@code /api/v1}.
 */
public record Dashboard(LiveReadings live, IngestRates rates) {
}
