namespace Pulse.Data;

/// <summary>Names of the constraints whose violation the Api turns into a specific answer.</summary>
public static class ConstraintNames
{
    public const string UserHandleUnique = "ix_users_handle";
    public const string UserEmailUnique = "ix_users_email";
    public const string PostAuthor = "fk_posts_users_author_id";
    public const string FollowFollower = "fk_follows_users_follower_id";
    public const string FollowFollowee = "fk_follows_users_followee_id";
    public const string ErasureJobUnfinishedUnique = "ix_erasure_jobs_user_unfinished";
}
