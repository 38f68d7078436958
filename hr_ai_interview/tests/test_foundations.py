# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
import os
from datetime import timedelta

from freezegun import freeze_time
from psycopg2 import IntegrityError

from odoo import fields
from odoo.exceptions import AccessError
from odoo.tests import tagged
from odoo.tools import mute_logger

from ..tools.media import UploadRejected
from .common import WEBM_BYTES, AiInterviewCase


@tagged("post_install", "-at_install")
class TestGenericQueue(AiInterviewCase):
    def setUp(self):
        super().setUp()
        interview, _token = self.send_interview()
        self.interview = self.answer_all(interview)
        self.jobs = self.interview.answer_ids.ai_job_ids.sorted("id")

    def claim(self, kinds=("analyze_answer",), limit=1):
        return self.queue().worker_claim("w", list(kinds), limit=limit)

    def test_jobs_belong_to_their_owner(self):
        answer = self.interview.answer_ids[0]
        job = answer.ai_job_ids
        self.assertEqual((job.res_model, job.res_id, job.kind), ("hr.ai.answer", answer.id, "analyze_answer"))
        self.assertEqual(job.company_id, self.job.company_id)

    def test_retryable_failure_waits_with_backoff(self):
        self.jobs[1:].sudo().write({"state": "cancelled"})
        now = fields.Datetime.now()
        with freeze_time(now):
            payload = self.claim()[0]
            self.queue().worker_fail(payload["id"], payload["lease_token"], "odoo_unreachable: timeout")
            job = self.env["hr.ai.analysis.job"].browse(payload["id"])
            self.assertEqual(job.state, "pending")
            self.assertEqual(job.date_available, now + timedelta(seconds=30))
            self.assertEqual(self.claim(), [], "not straight back to the queue")
        with freeze_time(now + timedelta(seconds=31)):
            payload = self.claim()[0]
            self.assertEqual(payload["attempt"], 2)
            self.queue().worker_fail(payload["id"], payload["lease_token"], "odoo_unreachable: timeout")
            self.assertEqual(job.date_available, now + timedelta(seconds=31 + 60), "the delay doubles")

    def test_bugs_and_permanent_errors_fail_at_once_and_are_shown(self):
        for error in ("worker_bug: KeyError: 'segments'", "media_too_large: 900 MB"):
            payload = self.claim()[0]
            self.queue().worker_fail(payload["id"], payload["lease_token"], error, retryable=True)
            job = self.env["hr.ai.analysis.job"].browse(payload["id"])
            self.assertEqual((job.state, job.attempts), ("failed", 1), error)
            self.assertEqual(job.last_error, error)
            self.assertEqual(job.answer_id.state, "failed")

    def test_cancelling_one_job_does_not_strand_its_answer(self):
        self.interview._candidate_submit()
        first, second = self.jobs
        first.with_user(self.officer).action_cancel()
        self.assertEqual(first.answer_id.state, "failed")
        self.assertEqual(first.answer_id.insufficient_reason, "analysis_cancelled")
        payload = self.claim()[0]
        self.queue().worker_submit(payload["id"], payload["lease_token"], self.result())
        report = self.claim(["build_report"])
        self.assertEqual(len(report), 1, "the report is still built, and says a person must review")
        states = {a["question_id"]: a["state"] for a in report[0]["report"]["answers"]}
        self.assertEqual(states[first.answer_id.question_id.id], "failed")

    def test_one_live_report_job_per_interview(self):
        self.interview._candidate_submit()
        self.interview.answer_ids.sudo().write({"state": "done"})
        self.jobs.sudo().write({"state": "done"})
        self.interview._check_analysis_complete()
        self.interview._check_analysis_complete()
        reports = self.interview.ai_job_ids.filtered(lambda j: j.kind == "build_report")
        self.assertEqual(len(reports), 1)
        with mute_logger("odoo.sql_db"), self.assertRaises(IntegrityError), self.cr.savepoint():
            self.env["hr.ai.analysis.job"].create({
                "kind": "build_report", "res_model": "hr.ai.interview", "res_id": self.interview.id,
                "interview_id": self.interview.id})

    def test_cancelling_the_interview_cancels_its_report_job(self):
        self.interview._candidate_submit()
        for payload in self.claim(limit=2):
            self.queue().worker_submit(payload["id"], payload["lease_token"], self.result())
        report_job = self.interview.ai_job_ids.filtered(lambda j: j.kind == "build_report")
        self.assertEqual(report_job.state, "pending")
        self.interview.with_user(self.officer).action_cancel()
        self.assertEqual(report_job.state, "cancelled")
        self.assertEqual(self.claim(["build_report"]), [])

    def test_cron_heals_interviews_stuck_in_submitted(self):
        self.interview._candidate_submit()
        for payload in self.claim(limit=2):
            self.queue().worker_submit(payload["id"], payload["lease_token"], self.result())
        # the report job is lost (e.g. deleted by hand): the interview would wait forever
        self.interview.ai_job_ids.sudo().unlink()
        self.assertEqual(self.interview.state, "submitted")
        self.env["hr.ai.interview"]._cron_heal_submitted()
        self.assertEqual(len(self.claim(["build_report"])), 1)
        # an answer whose job vanished is queued again
        other, _t = self.send_interview(self.env["hr.applicant"].create(
            {"candidate_id": self.candidate.id, "job_id": self.job.id}))
        other = self.answer_all(other)
        other._candidate_submit()
        other.answer_ids.ai_job_ids.sudo().unlink()
        self.env["hr.ai.interview"]._cron_heal_submitted()
        self.assertEqual(len(other.answer_ids.ai_job_ids.filtered(lambda j: j.state == "pending")), 2)

    def test_hr_changes_jobs_only_through_retry_and_cancel(self):
        job = self.jobs[0]
        for vals in ({"state": "done"}, {"attempts": 0}, {"max_attempts": 99}):
            with self.assertRaises(AccessError):
                job.with_user(self.officer).write(vals)
        with self.assertRaises(AccessError):
            job.with_user(self.officer).unlink()

    def test_a_queued_job_wakes_the_workers(self):
        with self.assertRaises(Exception):  # noqa: B017 - the worker group only
            self.env["hr.ai.analysis.job"].with_user(self.officer)._check_worker()
        self.assertTrue(self.queue()._has_claimable(["analyze_answer"]))
        self.assertFalse(self.queue()._has_claimable(["build_report"]))
        self.env.cr.postcommit.data.pop("hr_ai_analysis_job", None)
        callbacks = len(self.env.cr.postcommit._funcs)
        self.env["hr.ai.analysis.job"].sudo().create({
            "kind": "build_report", "res_model": "hr.ai.interview", "res_id": self.interview.id,
            "interview_id": self.interview.id})
        self.assertGreater(len(self.env.cr.postcommit._funcs), callbacks, "NOTIFY is sent when it commits")


@tagged("post_install", "-at_install", "security")
class TestLeastPrivilege(AiInterviewCase):
    def setUp(self):
        super().setUp()
        interview, _token = self.send_interview()
        self.interview = self.answer_all(interview)

    def test_officer_cannot_overwrite_ai_results(self):
        officer_view = self.interview.with_user(self.officer)
        for vals in ({"match_pct": 99}, {"recommendation": "advance"}, {"state": "done"},
                     {"report_findings": []}, {"token_hash": "x"}):
            with self.assertRaises(AccessError, msg=str(vals)):
                officer_view.write(vals)
        self.interview.sudo()._apply_report({
            "match": 50.0, "recommendation": "hold", "findings": [], "versions": {},
            "competencies": [{"id": self.comp_team.id, "score": 50.0, "threshold": 70, "passed": False,
                              "answers": 1}]})
        line = self.interview.competency_result_ids.with_user(self.officer)
        with self.assertRaises(AccessError):
            line.write({"score": 100, "passed": True})
        with self.assertRaises(AccessError):
            line.unlink()

    def test_consents_cannot_be_deleted_or_changed(self):
        consents = self.interview.consent_ids
        manager = self.env.ref("base.user_admin")
        for user in (self.officer, manager):
            with self.assertRaises(AccessError):
                consents.with_user(user).unlink()
            with self.assertRaises(AccessError):
                consents.with_user(user).write({"given": False})

    def test_worker_user_is_not_an_internal_user(self):
        worker = self.env.ref("hr_ai_interview.user_ai_worker")
        self.assertFalse(worker._is_internal())
        partner = self.env["res.partner"].create({"name": "Someone"})
        with self.assertRaises(AccessError):
            partner.with_user(worker).read(["name"])
        with self.assertRaises(AccessError):
            self.candidate.with_user(worker).read(["partner_name"])

    def test_worker_key_is_scoped_and_expires(self):
        key = self.env["hr.ai.analysis.job"]._generate_worker_api_key(days=30)
        worker = self.env.ref("hr_ai_interview.user_ai_worker")
        record = self.env["res.users.apikeys"].sudo().search([("user_id", "=", worker.id)], order="id desc", limit=1)
        self.assertEqual(record.scope, "rpc")
        self.assertTrue(fields.Datetime.now() + timedelta(days=29) < record.expiration_date
                        < fields.Datetime.now() + timedelta(days=31))
        Keys = self.env["res.users.apikeys"]
        self.assertEqual(Keys._check_credentials(scope="rpc", key=key), worker.id)
        self.env.cr.execute("UPDATE res_users_apikeys SET expiration_date = now() - interval '1 day' WHERE id = %s",
                            [record.id])
        self.assertFalse(Keys._check_credentials(scope="rpc", key=key), "an expired key opens nothing")

    def test_recordings_cannot_be_shared_and_every_read_is_logged(self):
        attachment = self.interview.answer_ids[0].attachment_id
        officer_att = attachment.with_user(self.officer)
        with self.assertRaises(AccessError):
            officer_att.write({"public": True})
        with self.assertRaises(AccessError):
            officer_att.generate_access_token()
        with self.assertRaises(AccessError):
            attachment.sudo().generate_access_token()
        Log = self.env["hr.ai.media.access"]
        before = Log.search_count([])
        officer_att.read(["datas"])
        lines = Log.search([], order="id desc", limit=1)
        self.assertEqual(Log.search_count([]), before + 1)
        self.assertEqual((lines.user_id, lines.channel, lines.interview_id), (self.officer, "read", self.interview))
        manager = self.env.ref("base.user_admin")
        for user in (self.officer, manager):
            with self.assertRaises(AccessError):
                lines.with_user(user).write({"user_id": user.id})
            with self.assertRaises(AccessError):
                lines.with_user(user).unlink()
        with self.assertRaises(AccessError):
            Log.with_user(self.officer).search([])
        self.assertIn(lines, Log.with_user(manager).search([]))


@tagged("post_install", "-at_install")
class TestNothingOrphaned(AiInterviewCase):
    def recorded(self):
        applicant = self.env["hr.applicant"].create({"candidate_id": self.candidate.id, "job_id": self.job.id})
        interview, _token = self.send_interview(applicant)
        interview = self.answer_all(interview)
        attachments = interview.answer_ids.attachment_id
        self.assertEqual(len(attachments), 2)
        self.paths = [attachments._full_path(a.store_fname) for a in attachments]
        self.assertTrue(all(os.path.exists(p) for p in self.paths))
        return applicant, interview, attachments

    def assert_gone(self, interview, attachments):
        self.assertFalse(interview.exists())
        self.assertFalse(attachments.exists(), "the recordings leave the database")
        self.env.flush_all()
        self.env["ir.attachment"]._gc_file_store_unsafe()
        for path in self.paths:
            self.assertFalse(os.path.exists(path), "and the file store")

    def test_deleting_an_applicant_removes_its_recordings(self):
        applicant, interview, attachments = self.recorded()
        applicant.unlink()
        self.assert_gone(interview, attachments)

    def test_deleting_an_interview_removes_its_recordings(self):
        _applicant, interview, attachments = self.recorded()
        interview.with_user(self.env.ref("base.user_admin")).unlink()
        self.assert_gone(interview, attachments)

    def test_deleting_a_candidate_removes_its_recordings(self):
        candidate = self.env["hr.candidate"].create({"partner_name": "Gone", "email_from": "gone@example.com"})
        applicant = self.env["hr.applicant"].create({"candidate_id": candidate.id, "job_id": self.job.id})
        interview, _token = self.send_interview(applicant)
        interview = self.answer_all(interview)
        attachments = interview.answer_ids.attachment_id
        self.paths = [attachments._full_path(a.store_fname) for a in attachments]
        applicant.action_archive()
        candidate.with_context(active_test=False).applicant_ids.unlink()
        candidate.unlink()
        self.assert_gone(interview, attachments)

    def test_retention_deletes_and_logs(self):
        _applicant, interview, attachments = self.recorded()
        interview._candidate_submit()
        params = self.env["ir.config_parameter"].sudo()
        params.set_param("hr_ai_interview.retention_days_recordings", "30")
        params.set_param("hr_ai_interview.retention_days_transcripts", "0")
        self.assertEqual(self.env["hr.ai.interview"]._cron_apply_retention()["recordings"], 0, "not yet")
        self.assertTrue(attachments.exists())
        with freeze_time(fields.Datetime.now() + timedelta(days=31)):
            done = self.env["hr.ai.interview"]._cron_apply_retention()
        self.assertGreaterEqual(done["recordings"], 1)
        self.assertFalse(attachments.exists())
        self.assertTrue(interview.exists(), "the interview record stays; only its recordings go")
        self.assertIn("Retention", interview.message_ids[0].body)


@tagged("post_install", "-at_install")
class TestUploadsAndAnswers(AiInterviewCase):
    def test_one_answer_per_question(self):
        interview, _token = self.send_interview()
        interview = self.answer_all(interview)
        with mute_logger("odoo.sql_db"), self.assertRaises(IntegrityError), self.cr.savepoint():
            self.env["hr.ai.answer"].create({"interview_id": interview.id, "question_id": self.q1.id})

    def test_second_upload_without_retakes_is_a_conflict(self):
        interview, _token = self.send_interview()
        interview = self.answer_all(interview)
        with self.assertRaises(UploadRejected) as caught:
            interview._candidate_save_answer(self.q2, WEBM_BYTES)
        self.assertEqual(caught.exception.status, 409)
        self.assertEqual(len(interview.answer_ids.filtered(lambda a: a.question_id == self.q2)), 1)

    def test_no_mail_server_offers_the_link_and_warns(self):
        self.env["ir.mail_server"].sudo().search([]).unlink()
        applicant = self.env["hr.applicant"].create({"candidate_id": self.candidate.id, "job_id": self.job.id})
        action = applicant.with_user(self.officer).action_send_ai_interview()
        self.assertEqual(action["tag"], "display_notification")
        self.assertIn("/ai-interview/", action["params"]["message"])
        self.assertEqual(action["params"]["next"]["res_model"], "hr.ai.interview")

    def test_deadline_in_the_company_time_zone(self):
        self.job.company_id.partner_id.tz = "Asia/Shanghai"
        self.env.ref("base.user_root").tz = "Europe/Brussels"
        with freeze_time("2026-03-01 02:00:00"):
            interview, _token = self.send_interview()
        mail = self.env["mail.mail"].sudo().search(
            [("model", "=", "hr.ai.interview"), ("res_id", "=", interview.id)], limit=1)
        self.assertIn("Asia/Shanghai", mail.body_html)
        self.assertIn("10:00:00", mail.body_html, "02:00 UTC + 24 h is 10:00 in Shanghai")

    def test_report_activity_goes_to_the_recruiter(self):
        self.job.user_id = self.officer
        interview, _token = self.send_interview()
        interview = self.answer_all(interview)
        interview._candidate_submit()
        interview.sudo()._apply_report({"match": None, "recommendation": "review", "findings": [], "versions": {},
                                        "competencies": []})
        activity = self.applicant.activity_ids[-1:]
        self.assertEqual(activity.user_id, self.officer)
        self.assertIn("needs human review", self.applicant.message_ids[0].body)
        self.assertNotIn("0%", str(interview.report_html))
        self.assertIn("Needs human review", str(interview.report_html))


@tagged("post_install", "-at_install")
class TestLlmJudgeSetting(AiInterviewCase):
    def test_llm_judge_only_when_on_and_named_in_the_notice(self):
        company = self.job.company_id
        interview, _token = self.send_interview()
        self.answer_all(interview)  # consented while the setting was off
        company.write({"hr_ai_llm_judge": True, "hr_ai_llm_judge_name": "DeepSeek-V3 (self-hosted)"})
        payloads = self.queue().worker_claim("w", ["analyze_answer"], limit=5)
        self.assertEqual({p["llm_judge"] for p in payloads}, {False}, "the candidate was never told")
        applicant = self.env["hr.applicant"].create({"candidate_id": self.candidate.id, "job_id": self.job.id})
        second, _token = self.send_interview(applicant)
        self.answer_all(second)
        self.assertTrue(second.llm_judge_notified)
        payloads = self.queue().worker_claim("w", ["analyze_answer"], limit=5)
        self.assertEqual({p["llm_judge"] for p in payloads}, {True})
        company.hr_ai_llm_judge = False
        job = second.answer_ids.ai_job_ids[0]
        self.assertFalse(job._payload_analyze_answer()["llm_judge"], "switched off: never sent")
