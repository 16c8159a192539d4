using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Pulse.Web.Security;
using Pulse.Web.Services.Api;

namespace Pulse.Web.Extensions;

/// <summary>
/// Files the browser downloads from the Web, which fetches them from the Api with the signed-in
/// person's token (the cookie's, never in the browser's reach); without a session there is no file.
/// </summary>
public static class DownloadEndpoints
{
    public const string OverviewCsvPath = "report/overview.csv";

    public static string OverviewCsv(int days) => $"{OverviewCsvPath}?days={days}";

    public static IEndpointRouteBuilder MapDownloads(this IEndpointRouteBuilder app)
    {
        app.MapGet(OverviewCsvPath, DownloadOverviewCsv)
            .RequireAuthorization(WebAuth.DashboardPolicy)
            .WithName(nameof(DownloadOverviewCsv));
        return app;
    }

    /// <summary>Streams the Api's CSV as it arrives; the Api's problem (bad days, Api down) passes on as problem details.</summary>
    public static async Task<Results<FileStreamHttpResult, ProblemHttpResult>> DownloadOverviewCsv(
        [FromServices] PulseApiClient api, [FromServices] ApiCaller caller, HttpContext context, CancellationToken cancellationToken, [FromQuery] int days = 7)
    {
        // Outside a circuit: the request's own cookie user is the caller.
        caller.ActFor(context.User);
        var result = await api.OpenOverviewCsvAsync(days, cancellationToken);
        if (!result.IsSuccess)
        {
            var problem = result.Problem;
            return TypedResults.Problem(
                statusCode: problem.Kind == ApiProblemKind.Unreachable ? StatusCodes.Status502BadGateway : problem.Status ?? StatusCodes.Status502BadGateway,
                title: problem.Title,
                detail: problem.Detail);
        }
        var download = result.Value;
        context.Response.RegisterForDisposeAsync(download);
        return TypedResults.File(download.Content, "text/csv; charset=utf-8", download.FileName ?? $"pulse-overview-{days}d.csv");
    }
}
