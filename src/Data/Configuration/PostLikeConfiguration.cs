using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Pulse.Data.Entities;

namespace Pulse.Data.Configuration;

internal sealed class PostLikeConfiguration : IEntityTypeConfiguration<PostLike>
{
    public void Configure(EntityTypeBuilder<PostLike> like)
    {
        like.ToTable("post_likes");
        // The Ingestor looks a batch's (post, user) pairs up by this key.
        like.HasKey(l => new { l.PostId, l.UserId });

        like.HasOne<Post>().WithMany().HasForeignKey(l => l.PostId).OnDelete(DeleteBehavior.Cascade);
        like.HasOne<User>().WithMany().HasForeignKey(l => l.UserId).OnDelete(DeleteBehavior.Cascade);

        // "What does X like", and deleting a user's likes.
        like.HasIndex(l => new { l.UserId, l.PostId });
    }
}
