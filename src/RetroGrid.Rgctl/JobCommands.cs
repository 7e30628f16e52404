using System.CommandLine;
using RetroGrid.Contracts.V1;

namespace RetroGrid.Rgctl;

/// <summary><c>rgctl backup</c> and <c>restore</c> (which follow their job), <c>jobs</c> and <c>cancel</c>.</summary>
internal static class JobCommands
{
    public static Command Backup(RgctlContext context)
    {
        var set = new Argument<string>("set") { Description = "The set's name or id." };
        var agent = new Argument<string>("agent") { Description = "The agent's id." };
        var noWait = new Option<bool>("--no-wait") { Description = "Queue the job and return at once." };
        var command = new Command("backup", "Back up an agent's assignment now (waits and shows progress).") { set, agent, noWait };
        command.SetAction(async (parse, token) =>
        {
            using var connection = context.Connect(parse);
            var job = await connection.Admin.StartBackupAsync(new StartBackupRequest { Set = parse.GetValue(set)!, AgentId = parse.GetValue(agent)! }, cancellationToken: token);
            return await JobFollower.FollowAsync(context, parse, connection, job, parse.GetValue(noWait), token);
        });
        return command;
    }

    public static Command Restore(RgctlContext context)
    {
        var set = new Argument<string>("set") { Description = "The set's name or id." };
        var agent = new Argument<string>("agent") { Description = "The agent to restore onto." };
        var snapshot = new Argument<string>("snapshot") { Description = "Snapshot name, a unique prefix of it, or latest." };
        var target = new Option<string>("--target") { Description = "Absolute folder on the agent's workstation.", Required = true };
        var includes = new Option<string[]>("--include") { Description = "Globs selecting what to restore.", AllowMultipleArgumentsPerToken = true };
        var noWait = new Option<bool>("--no-wait") { Description = "Queue the job and return at once." };
        var command = new Command("restore", "Restore a snapshot onto an agent (waits and shows progress).") { set, agent, snapshot, target, includes, noWait };
        command.SetAction(async (parse, token) =>
        {
            using var connection = context.Connect(parse);
            var request = new StartRestoreRequest { Set = parse.GetValue(set)!, AgentId = parse.GetValue(agent)!, Snapshot = parse.GetValue(snapshot)!, Target = parse.GetValue(target)! };
            request.Includes.AddRange(parse.GetValue(includes) ?? []);
            var job = await connection.Admin.StartRestoreAsync(request, cancellationToken: token);
            return await JobFollower.FollowAsync(context, parse, connection, job, parse.GetValue(noWait), token);
        });
        return command;
    }

    public static Command Jobs(RgctlContext context)
    {
        var set = new Option<string?>("--set") { Description = "Only this set's jobs." };
        var agent = new Option<string?>("--agent") { Description = "Only this agent's jobs." };
        var command = new Command("jobs", "Job history, newest first.") { set, agent };
        command.SetAction(async (parse, token) =>
        {
            using var connection = context.Connect(parse);
            var answer = await connection.Admin.ListJobsAsync(new ListJobsRequest { Set = parse.GetValue(set) ?? string.Empty, AgentId = parse.GetValue(agent) ?? string.Empty }, cancellationToken: token);
            var table = new TextTable(new("JOB"), new("KIND"), new("STATE"), new("AGENT"), new("RESULT", Shrinkable: true));
            foreach (var j in answer.Jobs)
            {
                table.Add(j.Id, Display.Kind(j.Kind), Display.State(j.State), Display.Agent(j), Display.Result(j));
            }

            return await context.PrintTableAsync(parse, answer, table);
        });
        return command;
    }

    public static Command Cancel(RgctlContext context)
    {
        var jobId = new Argument<string>("job") { Description = "The job's id." };
        var command = new Command("cancel", "Cancel a queued or running job.") { jobId };
        command.SetAction(async (parse, token) =>
        {
            using var connection = context.Connect(parse);
            var job = await connection.Admin.CancelJobAsync(new CancelJobRequest { JobId = parse.GetValue(jobId)! }, cancellationToken: token);
            return await context.PrintAsync(parse, job, $"Job {job.Id}: {Display.State(job.State)}.");
        });
        return command;
    }
}
