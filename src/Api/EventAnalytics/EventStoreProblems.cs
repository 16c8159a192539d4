using Microsoft.AspNetCore.Http.HttpResults;
using Pulse.Contracts;

namespace Pulse.Api.EventAnalytics;

/// <summary>503 answers of the MongoDB-backed endpoints: safe to retry once the event store is there.</summary>
public static class EventStoreProblems
{
    public const string NotConfiguredTitle = "The event store is not configured";
    public const string UnavailableTitle = "The event store is unavailable";

    public static ProblemHttpResult NotConfigured() => TypedResults.Problem(
        statusCode: StatusCodes.Status503ServiceUnavailable,
        title: NotConfiguredTitle,
        detail: $"This deployment has no MongoDB (ConnectionStrings:{ResourceNames.EventsDatabase} is not set), so there is no event log to analyse. Everything else keeps working.");

    public static ProblemHttpResult Unavailable() => TypedResults.Problem(
        statusCode: StatusCodes.Status503ServiceUnavailable,
        title: UnavailableTitle,
        detail: "MongoDB did not answer in time; try again shortly.");
}
