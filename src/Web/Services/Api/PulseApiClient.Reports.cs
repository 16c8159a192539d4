using Pulse.Contracts.Reports;

namespace Pulse.Web.Services.Api;

/// <summary>A file the Api sends, to pass on to the browser as it arrives. Disposing it ends the Api's response.</summary>
public sealed class ApiDownload(HttpResponseMessage response, Stream content) : IAsyncDisposable
{
    public Stream Content { get; } = content;

    public string ContentType { get; } = response.Content.Headers.ContentType?.ToString() ?? "application/octet-stream";

    /// <summary>The name the Api suggested, if any.</summary>
    public string? FileName { get; } = response.Content.Headers.ContentDisposition is { } disposition
        ? (disposition.FileNameStar ?? disposition.FileName)?.Trim('"')
        : null;

    public async ValueTask DisposeAsync()
    {
        await Content.DisposeAsync();
        response.Dispose();
    }
}

public sealed partial class PulseApiClient
{
    /// <summary><c>GET api/reports/overview?days</c>: the cross-database overview report.</summary>
    public Task<ApiResult<OverviewReport>> GetOverviewReportAsync(int days, CancellationToken cancellationToken) =>
        GetAsync<OverviewReport>(Query($"api/reports/overview?days={days}"), cancellationToken);

    /// <summary><c>GET api/reports/overview.csv?days</c>, opened for streaming; the caller disposes the download.</summary>
    public async Task<ApiResult<ApiDownload>> OpenOverviewCsvAsync(int days, CancellationToken cancellationToken)
    {
        var uri = Query($"api/reports/overview.csv?days={days}");
        var user = await caller.GetUserAsync();
        var sent = await TrySendAsync(HttpMethod.Get, uri, user?.Token, cancellationToken);
        if (sent.Problem is { } unreachable)
        {
            return ApiResult.Failure<ApiDownload>(unreachable);
        }
        var response = sent.Message!;
        if (!response.IsSuccessStatusCode)
        {
            using (response)
            {
                return Checked(ApiResult.Failure<ApiDownload>(await ReadProblemAsync(response, eventStore: false, cancellationToken)), user);
            }
        }
        return ApiResult.Success<ApiDownload>(new ApiDownload(response, await response.Content.ReadAsStreamAsync(cancellationToken)));
    }
}
