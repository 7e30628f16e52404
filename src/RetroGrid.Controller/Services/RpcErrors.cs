using Grpc.Core;
using RetroGrid.Dropbox;

namespace RetroGrid.Controller.Services;

/// <summary>gRPC failures carrying a RetroGrid code and next step in the trailers (see the header of proto/retrogrid/v1/agent.proto).</summary>
internal static class RpcErrors
{
    public const string CodeTrailer = "retrogrid-error-code";
    public const string NextStepTrailer = "retrogrid-next-step";

    public static RpcException Create(StatusCode status, RetroGridErrorCode code) =>
        new(new Status(status, code.Message), new Metadata { { CodeTrailer, code.Code }, { NextStepTrailer, code.NextStep } });
}
