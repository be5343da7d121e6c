using System.Net;

namespace Caisey.Tests.Authorization;

/// <summary>One row of the matrix: a route (as <c>METHOD /pattern</c>), how it is guarded, and how to call it for a role and tenant.</summary>
/// <param name="Streams">The success answer is a stream that does not end by itself: only its status is read.</param>
public sealed record RouteCase(
    string Name, string Route, Access Access, HttpStatusCode Success, bool Tenanted,
    Func<MatrixNode, string, string, Task<HttpRequestMessage>> Request, bool Streams = false)
{
    public HttpStatusCode Expected(string role, string tenant) => Access switch
    {
        Access.Public => Success,
        Access.Agent => HttpStatusCode.Unauthorized,
        Access.Page => role == MatrixNode.Anonymous ? HttpStatusCode.Found : Success,
        _ when role == MatrixNode.Anonymous => HttpStatusCode.Unauthorized,
        Access.AnyUser => Success,
        Access.AdminOnly => role == MatrixNode.Admin ? Success : HttpStatusCode.Forbidden,
        Access.ScopedWrite when role == MatrixNode.ViewerA => HttpStatusCode.Forbidden,
        _ => MatrixNode.Sees(role, tenant) ? Success : HttpStatusCode.NotFound,
    };

    public override string ToString() => Name;
}
