namespace Pulse.IntegrationTests.Api;

/// <summary>The four users of the hand-worked analytics fixtures: ada (1), bob (2), cyrus (3), dee (4).</summary>
public static class AnalyticsFixtureUsers
{
    public const string Insert = """
        insert into users (id, handle, display_name, email, country, password_hash) overriding system value values
          (1, 'ada', 'Ada', 'ada@example.com', 'GB', 'x'),
          (2, 'bob', 'Bob', 'bob@example.com', 'US', 'x'),
          (3, 'cyrus', 'Cyrus', 'cyrus@example.com', 'CA', 'x'),
          (4, 'dee', 'Dee', 'dee@example.com', 'IN', 'x');
        """;
}
