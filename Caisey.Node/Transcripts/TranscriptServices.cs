using Caisey.Node.Api;
using Caisey.Node.Audit;
using Caisey.Node.Auth;
using Caisey.Node.ReadModels;

namespace Caisey.Node.Transcripts;

/// <summary>What the transcript routes need, in one parameter; and the scope check: a transcript is visible when its endpoint is.</summary>
public sealed class TranscriptServices(TranscriptStore store, TranscriptBuilder builder, FleetReadModel fleet, AuditLog audit, TimeProvider time)
{
    public TranscriptStore Store => store;

    public TranscriptBuilder Builder => builder;

    public FleetReadModel Fleet => fleet;

    public AuditLog Audit => audit;

    public TimeProvider Time => time;

    public TranscriptDraft? Visible(CaiseyUser user, string id) =>
        store.Find(id) is { } draft && fleet.VisibleEndpoint(user, draft.EndpointId) is not null ? draft : null;
}
