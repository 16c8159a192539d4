using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using Pulse.Api.Realtime;
using Pulse.Contracts.Posts;
using Pulse.Contracts.Realtime;
using Pulse.Contracts.Security;
using Pulse.Contracts.Users;
using Pulse.IntegrationTests.Api;

namespace Pulse.IntegrationTests.Reports;

/// <summary>
/// The overview report's fixture, in all the stores it reads (weights: view 1, like 3, comment 5,
/// share 8; T is today, UTC). Users ada, bob and cyrus; follows ada→bob, bob→ada, cyrus→ada.
///
/// PostgreSQL aggregates (written directly; no Ingestor runs here):
///   ten (ada):     T-1 views 10 → 10;  T views 10, likes 2, comments 1 → 21.  7 days: 31, growth (21-10)/10 = 1.1
///   eleven (ada):  T-3 views 40 → 40;  T-8 views 1000 (before the window, within the first day's moving average)
///   twelve (bob):  T-1 shares 10 → 80; T shares 5 → 40.  7 days: 120, growth (40-80)/80 = -0.5
///   thirteen (cyrus): T-2 likes 3 → 9.  No day before today's: growth null
///   fourteen (bob): nothing
/// 7-day ranks: twelve 1, eleven 2, ten 3, thirteen 4; within ada's posts: eleven 1, ten 2.
///
/// Redis, through POST /api/events: ten 3 shares (24), fourteen 2 likes (6), twelve 1 like (3),
/// thirteen 1 view (1); and recorded directly (no such post in PostgreSQL), post 999999 1 comment (5).
/// Decayed board: ten, fourteen, 999999, twelve, thirteen. Eight events in the last 24 hours.
/// </summary>
internal sealed class ReportWorld(ApiServer api)
{
    public const long Unknown = 999_999;

    public static DateOnly Today => DateOnly.FromDateTime(DateTime.UtcNow);

    public UserResponse Ada { get; private set; } = null!;
    public UserResponse Bob { get; private set; } = null!;
    public UserResponse Cyrus { get; private set; } = null!;
    public long Ten { get; private set; }
    public long Eleven { get; private set; }
    public long Twelve { get; private set; }
    public long Thirteen { get; private set; }
    public long Fourteen { get; private set; }

    /// <summary>The decayed board's order.</summary>
    public long[] TrendingOrder => [Ten, Fourteen, Unknown, Twelve, Thirteen];

    public async Task SeedAsync()
    {
        Ada = await UserAsync("ada");
        Bob = await UserAsync("bob");
        Cyrus = await UserAsync("cyrus");
        Ten = await PostAsync(Ada, "ten");
        Eleven = await PostAsync(Ada, "eleven");
        Twelve = await PostAsync(Bob, "twelve");
        Thirteen = await PostAsync(Cyrus, "thirteen");
        Fourteen = await PostAsync(Bob, "fourteen");

        // Days as the Api counts them (UTC), whatever the server's time zone.
        await api.ExecuteAsync(string.Create(CultureInfo.InvariantCulture, $"""
            insert into follows (follower_id, followee_id) values ({Ada.Id}, {Bob.Id}), ({Bob.Id}, {Ada.Id}), ({Cyrus.Id}, {Ada.Id});
            insert into post_daily_stats (post_id, author_id, day, views, likes, comments, shares) values
              ({Ten}, {Ada.Id}, '{Today:yyyy-MM-dd}'::date - 1, 10, 0, 0, 0),
              ({Ten}, {Ada.Id}, '{Today:yyyy-MM-dd}'::date, 10, 2, 1, 0),
              ({Eleven}, {Ada.Id}, '{Today:yyyy-MM-dd}'::date - 3, 40, 0, 0, 0),
              ({Eleven}, {Ada.Id}, '{Today:yyyy-MM-dd}'::date - 8, 1000, 0, 0, 0),
              ({Twelve}, {Bob.Id}, '{Today:yyyy-MM-dd}'::date - 1, 0, 0, 0, 10),
              ({Twelve}, {Bob.Id}, '{Today:yyyy-MM-dd}'::date, 0, 0, 0, 5),
              ({Thirteen}, {Cyrus.Id}, '{Today:yyyy-MM-dd}'::date - 2, 0, 3, 0, 0);
            """));

        await PostEventsAsync(
            Event(EventTypes.PostShare, Ten), Event(EventTypes.PostShare, Ten), Event(EventTypes.PostShare, Ten),
            Event(EventTypes.PostLike, Fourteen), Event(EventTypes.PostLike, Fourteen, Bob.Id),
            Event(EventTypes.PostLike, Twelve), Event(EventTypes.PostView, Thirteen));
        await api.Services.GetRequiredService<EventRecorder>().RecordAsync(
            [new RealtimeEvent(Guid.CreateVersion7().ToString(), EventTypes.PostComment, Unknown, DateTimeOffset.UtcNow, "{}", UserId: 1)],
            TestContext.Current.CancellationToken);
    }

    public Task<SessionCreated> SignInAsync(string handle) =>
        api.PostAsync<SessionCreated>("/api/sessions", new CreateSessionRequest(handle, handle + "-password"));

    /// <summary>An event by <paramref name="userId"/>, or else by Ada.</summary>
    public JsonObject Event(string type, long postId, long? userId = null) =>
        new() { ["type"] = type, ["userId"] = userId ?? Ada.Id, ["postId"] = postId };

    public async Task PostEventsAsync(params JsonObject[] events)
    {
        using var response = await api.Client.PostAsJsonAsync("/api/events", new JsonObject { ["events"] = new JsonArray([.. events]) }, TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
    }

    private Task<UserResponse> UserAsync(string handle) =>
        api.PostAsync<UserResponse>("/api/users", new CreateUserRequest(handle, handle, $"{handle}@example.com", "DE", handle + "-password"));

    private async Task<long> PostAsync(UserResponse author, string content) =>
        (await api.PostAsync<PostResponse>("/api/posts", new CreatePostRequest(author.Id, content, []))).Id;
}
