namespace Caisey.Node.Runtime;

internal enum DeliveryResult
{
    Delivered,
    Stopped,
    NotHosted,
}
