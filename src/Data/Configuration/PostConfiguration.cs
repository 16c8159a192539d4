using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Pulse.Data.Entities;

namespace Pulse.Data.Configuration;

internal sealed class PostConfiguration : IEntityTypeConfiguration<Post>
{
    public void Configure(EntityTypeBuilder<Post> post)
    {
        post.ToTable("posts", table =>
        {
            table.HasCheckConstraint("ck_posts_content_length", "char_length(content) between 1 and 2000");
            table.HasCheckConstraint("ck_posts_tags_count", "cardinality(tags) <= 10");
            table.HasCheckConstraint("ck_posts_followers_at_publish_non_negative", "followers_at_publish >= 0");
        });
        // By default, not always: the seed loader COPYs explicit ids (past every existing one) in one pass.
        post.Property(p => p.Id).UseIdentityByDefaultColumn();
        post.Property(p => p.Content).HasMaxLength(2000);
        post.Property(p => p.CreatedAt).HasDefaultValueSql("now()");

        post.HasOne(p => p.Author).WithMany().HasForeignKey(p => p.AuthorId).OnDelete(DeleteBehavior.Cascade);

        // A user's posts, newest first, paged by (created_at, id): the keyset of GET /api/users/{id}/posts;
        // its leading author_id also serves the foreign key and per-author engagement joins.
        post.HasIndex(p => new { p.AuthorId, p.CreatedAt, p.Id }).IsDescending(false, true, true);
    }
}
