using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Pulse.Data.Entities;

namespace Pulse.Data.Configuration;

internal sealed class PostViewerConfiguration : IEntityTypeConfiguration<PostViewer>
{
    public void Configure(EntityTypeBuilder<PostViewer> viewer)
    {
        viewer.ToTable("post_viewers");
        // The Ingestor inserts a batch's (post, user) pairs and keeps the ones that were new.
        viewer.HasKey(v => new { v.PostId, v.UserId });

        viewer.HasOne<Post>().WithMany().HasForeignKey(v => v.PostId).OnDelete(DeleteBehavior.Cascade);
        viewer.HasOne<User>().WithMany().HasForeignKey(v => v.UserId).OnDelete(DeleteBehavior.Cascade);

        // Deleting a user's rows.
        viewer.HasIndex(v => v.UserId);
    }
}
