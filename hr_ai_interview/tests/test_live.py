# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
import json
import re
from datetime import timedelta

from freezegun import freeze_time

from odoo import fields
from odoo.exceptions import AccessError, UserError
from odoo.tests import HttpCase, new_test_user, tagged

from odoo.addons.bus.models.bus import channel_with_db, json_dump

from ..models.hr_ai_live_utterance import LIVE_PRIORITY
from .common import WEBM_BYTES, AiInterviewCase

BUS_TYPE = "hr_ai_live/update"


@tagged("post_install", "-at_install")
class TestLive(HttpCase, AiInterviewCase):
    """The live interview copilot, Odoo side (LIVE_CONTRACT.md): consent, utterances, the live_chunk kind of the
    queue, coverage and hints pushed to the interviewer's browser, access, the report."""

    # helpers ---------------------------------------------------------------------------------
    def new_session(self, user=None):
        action = self.applicant.with_user(user or self.interviewer).action_ai_live_interview()
        self.assertEqual(action["tag"], "hr_ai_interview.live_copilot")
        return self.env["hr.ai.live.session"].browse(action["params"]["session_id"])

    def live_session(self, consent=True):
        """A started live interview whose candidate agreed (or not) to the AI listening."""
        session = self.new_session()
        session.with_user(self.interviewer)._new_link()
        if consent is not None:
            session._candidate_give_consent(consent, "notice-hash", ip="127.0.0.1")
        session.with_user(self.interviewer).action_start()
        return session

    def utter(self, session, key="utterance-0001", age_ms=0, duration=4.0):
        return session.sudo()._candidate_save_utterance(WEBM_BYTES, key, age_ms=age_ms, duration=duration)

    def claim(self, kinds=("live_chunk",)):
        return self.queue().worker_claim("w-live", list(kinds), limit=1, lease_seconds=60)

    def chunk_result(self, utterance, text="我先去拜访了客户，先弄清楚他最担心什么。", **extra):
        q1 = self.q1
        result = {
            "schema": "hr_ai.live_chunk_result/1",
            "utterance_id": utterance.id, "language": "zh", "text": text,
            "segments": [{"start": utterance.offset + 0.2, "end": utterance.offset + 3.0, "text": text,
                          "words": [{"start": utterance.offset + 0.2, "end": utterance.offset + 0.5, "word": "我",
                                     "p": 0.9}]}],
            "no_speech": False,
            "coverage": [{"question_id": q1.id, "key_points": [
                {"text": "customer needs", "covered": True, "partial": False, "quote": "先弄清楚他最担心什么",
                 "start": utterance.offset + 1.0, "end": utterance.offset + 2.5},
                {"text": "contract", "covered": False, "partial": False, "quote": "", "start": 0, "end": 0},
            ]}],
            "competencies": [{"id": self.comp_cust.id, "covered": True, "quote": "我先去拜访了客户",
                              "start": utterance.offset + 0.2, "end": utterance.offset + 1.0}],
            "hints": [{"code": "key_point_missing", "question_id": q1.id, "key_point": "contract"},
                      {"code": "no_result_yet", "question_id": q1.id},
                      {"code": "other_question", "question_id": q1.id, "params": {"other_question_id": self.q2.id}},
                      {"code": "follow_up", "question_id": self.q2.id}],
            "timings": {"asr": 0.61, "judge": 0.12, "total": 0.8},
            "versions": {"worker": "test", "asr": "none", "judge": "live-1"},
        }
        result.update(extra)
        return result

    def submit(self, utterance, result=None):
        payload = self.claim()[0]
        self.assertEqual(payload["utterance"]["id"], utterance.id)
        return self.queue().worker_submit(payload["id"], payload["lease_token"], result or self.chunk_result(utterance))

    def bus_messages(self, partner):
        self.env.cr.precommit.run()  # the bus writes its records when the transaction commits
        channel = json_dump(channel_with_db(self.env.cr.dbname, partner))
        notifications = self.env["bus.bus"].sudo().search([("channel", "=", channel)])
        return [json.loads(n.message) for n in notifications if json.loads(n.message)["type"] == BUS_TYPE]

    # the session ---------------------------------------------------------------------------------
    def test_live_interview_from_the_applicant(self):
        session = self.new_session()
        self.assertEqual((session.state, session.user_id, session.job_id), ("draft", self.interviewer, self.job))
        self.assertEqual(self.new_session(), session, "the interview under way opens again")
        points = session.coverage_ids.filtered(lambda c: c.kind == "key_point")
        self.assertEqual(len(points), 5, "one row per key point of each question")
        self.assertEqual(session.coverage_ids.filtered(lambda c: c.kind == "competency").competency_id,
                         self.comp_team | self.comp_cust)
        self.assertFalse(any(session.coverage_ids.mapped("covered")))
        data = session.with_user(self.interviewer).live_panel_data()
        self.assertEqual([q["id"] for q in data["questions"]], [self.q1.id, self.q2.id])
        self.assertEqual(data["session"]["worker_status"], "idle")

    def test_token_and_consent_rules(self):
        session = self.new_session()
        url, _mailed = session.with_user(self.interviewer)._new_link()
        token = url.rsplit("/", 1)[1]
        self.assertGreaterEqual(len(token), 43)
        self.assertNotIn(token, session.sudo().token_hash, "only the hash is stored")
        Session = self.env["hr.ai.live.session"]
        self.assertEqual(Session._get_by_token(token), session)
        self.assertFalse(Session._get_by_token(token[:-2] + "zz"))
        self.assertFalse(Session._get_by_token("A" * 43))
        # no consent yet: nothing is listened to, even once the call is on
        session.with_user(self.interviewer).action_start()
        with self.assertRaises(UserError) as refused:
            self.utter(session)
        self.assertEqual(refused.exception.status, 403)
        session._candidate_give_consent(False, "h")
        self.assertEqual(session.ai_consent, "declined")
        with self.assertRaises(UserError):
            self.utter(session)
        self.assertFalse(session.utterance_ids)
        session._candidate_give_consent(True, "h")
        self.assertEqual(session.ai_consent, "given")
        self.assertTrue(self.utter(session))
        # withdrawn: later uploads are refused, what was queued is dropped
        session._candidate_give_consent(False, "h")
        self.assertEqual(session.ai_consent, "withdrawn")
        self.assertEqual(session.utterance_ids.state, "cancelled")
        with self.assertRaises(UserError):
            self.utter(session, key="utterance-0002")
        self.assertEqual(len(session.consent_ids), 3, "each choice is its own record")
        with self.assertRaises(AccessError):
            session.consent_ids[0].with_user(self.officer).write({"given": True})
        session.with_user(self.interviewer).action_end()
        self.assertFalse(Session._get_by_token(token), "the link stops working when the interview ends")

    def test_not_started_and_upload_checks(self):
        session = self.new_session()
        with self.assertRaises(UserError):
            session._candidate_give_consent(True, "h")  # only through a link the interviewer made
        session.with_user(self.interviewer)._new_link()
        session._candidate_give_consent(True, "h")
        with self.assertRaises(UserError) as not_started:
            self.utter(session)
        self.assertEqual(not_started.exception.status, 409)
        session.with_user(self.interviewer).action_start()
        with self.assertRaises(UserError) as not_audio:
            session.sudo()._candidate_save_utterance(b"<html>nope</html>", "utterance-0001")
        self.assertEqual(not_audio.exception.status, 415)
        with self.assertRaises(UserError) as too_big:
            session.sudo()._candidate_save_utterance(WEBM_BYTES + b"\0" * (3 * 1024 * 1024), "utterance-0002")
        self.assertEqual(too_big.exception.status, 413)
        first = self.utter(session, key="utterance-0003", age_ms=2500, duration=2.0)
        self.assertEqual(self.utter(session, key="utterance-0003"), first, "an upload sent twice is kept once")
        self.assertEqual((first.sequence, first.mimetype, first.state), (1, "audio/webm", "queued"))
        self.assertEqual(first.attachment_id.res_model, "hr.ai.live.utterance")
        self.assertFalse(first.attachment_id.public)
        with self.assertRaises(AccessError):
            first.attachment_id.generate_access_token()

    def test_offset_from_the_call_start(self):
        with freeze_time("2026-03-02 09:00:00"):
            session = self.live_session()
        with freeze_time("2026-03-02 09:01:15"):
            utterance = self.utter(session, age_ms=5000, duration=4.5)
        self.assertAlmostEqual(utterance.offset, 70.0)
        self.assertEqual(utterance.time_label, "1:10")

    # the queue ---------------------------------------------------------------------------------
    def test_live_chunk_is_claimed_before_other_kinds(self):
        interview, _token = self.send_interview()
        self.answer_all(interview)  # two analyze_answer jobs, queued first
        session = self.live_session()
        session.with_user(self.interviewer).action_set_current_question(self.q1.id)
        utterance = self.utter(session)
        job = utterance.ai_job_ids
        self.assertEqual((job.kind, job.state, job.priority), ("live_chunk", "pending", LIVE_PRIORITY))
        others = interview.answer_ids.ai_job_ids
        self.assertTrue(others and all(j.state == "pending" and j.id < job.id for j in others))
        self.assertGreater(LIVE_PRIORITY, max(others.mapped("priority")))
        claimed = self.queue().worker_claim("w-all", ["analyze_answer", "build_report", "screen_resume", "live_chunk"],
                                            limit=1)
        self.assertEqual([c["kind"] for c in claimed], ["live_chunk"], "the live chunk first, although it came last")
        self.assertEqual(utterance.state, "transcribing")

    def test_payload_shape(self):
        session = self.live_session()
        session.with_user(self.interviewer).action_set_current_question(self.q1.id)
        first = self.utter(session)
        self.assertTrue(self.submit(first)["accepted"])
        session.with_user(self.interviewer).action_set_current_question(self.q2.id)
        second = self.utter(session, key="utterance-0002")
        payload = self.claim()[0]
        self.assertEqual(set(payload), {"id", "kind", "attempt", "lease_token", "lease_expiry", "schema",
                                        "utterance", "lang", "session", "job"})
        self.assertEqual(payload["schema"], "hr_ai.live_chunk/1")
        self.assertEqual(payload["utterance"], {
            "id": second.id, "sequence": 2, "offset": second.offset, "mimetype": "audio/webm",
            "media_url": f"/hr_ai_interview/worker/media/live/{second.id}"})
        self.assertEqual(payload["lang"], "en", "the job's interview language (the test job's is English)")
        self.assertEqual(payload["session"]["id"], session.id)
        self.assertEqual(payload["session"]["current_question_id"], self.q2.id)
        self.assertEqual(payload["session"]["segments"], [
            {"start": first.segments[0]["start"], "end": first.segments[0]["end"], "text": first.text,
             "question_id": self.q1.id}], "the earlier utterances, with the question asked when they were said")
        job = payload["job"]
        self.assertEqual(set(job), {"name", "lang", "terms", "questions", "competencies"})
        self.assertEqual(job["questions"][0], {"id": self.q1.id, "text": self.q1.name,
                                               "key_points": ["customer needs", "visit", "contract"],
                                               "competency_ids": [self.comp_cust.id]})
        self.assertEqual({c["id"] for c in job["competencies"]}, {self.comp_team.id, self.comp_cust.id})
        self.assertEqual({c["threshold"] for c in job["competencies"]}, {70, 60})
        self.assertNotIn("Test Candidate", json.dumps(payload, ensure_ascii=False), "no names reach the worker")
        self.assertNotIn("cand@example.com", json.dumps(payload))

    def test_validation(self):
        session = self.live_session()
        refused = []
        for bad in (
            {"coverage": [{"question_id": self.q1.id, "key_points": [
                {"text": "customer needs", "covered": True, "quote": "这句话没有说过", "start": 1, "end": 2}]}]},
            {"competencies": [{"id": self.comp_cust.id, "covered": True, "quote": "invented quote"}]},
            {"hints": [{"code": "you_are_hired", "question_id": self.q1.id}]},
            {"hints": [{"code": "key_point_missing", "question_id": self.q1.id, "key_point": "not a key point"}]},
            {"hints": [{"code": "other_question", "question_id": self.q1.id, "params": {"other_question_id": 999999}}]},
            {"coverage": [{"question_id": 999999, "key_points": []}]},
            {"utterance_id": 999999},
        ):
            utterance = self.utter(session, key=f"utterance-bad-{len(refused)}")
            answer = self.submit(utterance, self.chunk_result(utterance, **bad))
            refused.append(answer)
            self.assertEqual(answer["reason"], "invalid_result", bad)
            self.assertEqual(utterance.state, "failed")
            self.assertEqual(utterance.ai_job_ids.state, "failed")
        self.assertFalse(session.hint_ids)
        self.assertFalse(session.coverage_ids.filtered("covered"))
        # times are clamped to the utterance (segments) and the session (evidence); extra fields are dropped
        utterance = self.utter(session, key="utterance-ok", duration=4.0)
        result = self.chunk_result(utterance)
        result["segments"][0].update(start=-5, end=utterance.offset + 500)
        result["coverage"][0]["key_points"][0]["end"] = 10_000
        result["secret"] = "dropped"
        self.assertTrue(self.submit(utterance, result)["accepted"])
        segment = utterance.segments[0]
        self.assertEqual(segment["start"], utterance.offset)
        self.assertEqual(segment["end"], utterance._end())
        row = session.coverage_ids.filtered(lambda c: c.key_point == "customer needs")
        self.assertLessEqual(row.time_end, utterance._end())
        # a quote may come from an earlier utterance of the session (spaces and punctuation aside)
        later = self.utter(session, key="utterance-later")
        result = self.chunk_result(later, text="然后签了合同。", coverage=[{"question_id": self.q1.id, "key_points": [
            {"text": "visit", "covered": True, "quote": "我先去 拜访了客户", "start": 1, "end": 2}]}],
            competencies=[], hints=[])
        self.assertTrue(self.submit(later, result)["accepted"])
        self.assertTrue(session.coverage_ids.filtered(lambda c: c.key_point == "visit").covered)

    def test_no_speech_is_a_valid_result(self):
        session = self.live_session()
        utterance = self.utter(session)
        result = {"schema": "hr_ai.live_chunk_result/1", "utterance_id": utterance.id, "language": "zh", "text": "",
                  "segments": [], "no_speech": True,
                  "hints": [{"code": "no_result_yet", "question_id": self.q1.id}]}
        self.assertTrue(self.submit(utterance, result)["accepted"])
        self.assertEqual(utterance.state, "no_speech")
        self.assertFalse(session.hint_ids, "no speech, no hints")

    def test_apply_stores_and_notifies_the_interviewer(self):
        session = self.live_session()
        session.with_user(self.interviewer).action_set_current_question(self.q1.id)
        utterance = self.utter(session)
        self.bus_messages(self.interviewer.partner_id)  # what the upload sent
        self.env["bus.bus"].sudo().search([]).unlink()
        self.assertTrue(self.submit(utterance)["accepted"])
        self.assertEqual(utterance.state, "done")
        self.assertEqual(utterance.text, "我先去拜访了客户，先弄清楚他最担心什么。")
        self.assertEqual(utterance.language, "zh")
        self.assertEqual(utterance.segments[0]["words"][0]["word"], "我")
        needs = session.coverage_ids.filtered(lambda c: c.key_point == "customer needs")
        self.assertTrue(needs.covered)
        self.assertEqual((needs.quote, needs.utterance_id), ("先弄清楚他最担心什么", utterance))
        contract = session.coverage_ids.filtered(lambda c: c.key_point == "contract")
        self.assertFalse(contract.covered)
        comp = session.coverage_ids.filtered(lambda c: c.competency_id == self.comp_cust)
        self.assertEqual((comp.covered, comp.quote), (True, "我先去拜访了客户"))
        self.assertEqual(sorted(session.hint_ids.mapped("code")),
                         ["follow_up", "key_point_missing", "no_result_yet", "other_question"])
        follow = session.hint_ids.filtered(lambda h: h.code == "follow_up")
        self.assertEqual(follow.competency_id, self.comp_team, "the question's competency not heard yet")
        texts = session.hint_ids.with_user(self.interviewer).with_context(lang="en_US").mapped("text")
        self.assertIn("Not heard yet for this question: contract. You may ask about it.", texts)
        for text in texts:
            for verdict in ("fail", "reject", "poor", "bad", "weak", "lied"):
                self.assertNotIn(verdict, text.lower(), "a hint suggests a question, never a verdict")
        messages = self.bus_messages(self.interviewer.partner_id)
        self.assertTrue(messages, "the interviewer's browser is told")
        payload = messages[-1]["payload"]
        self.assertEqual((payload["event"], payload["session_id"]), ("utterance", session.id))
        self.assertEqual(payload["utterances"][0]["text"], utterance.text)
        self.assertEqual({h["code"] for h in payload["hints"]}, set(session.hint_ids.mapped("code")))
        self.assertIn(needs.id, [c["id"] for c in payload["coverage"]])
        self.assertFalse(self.bus_messages(self.other_interviewer.partner_id), "only the session's interviewers")
        session.with_user(self.interviewer).write({"interviewer_ids": [(4, self.other_interviewer.id)]})
        session._notify_panel("session")
        self.assertTrue(self.bus_messages(self.other_interviewer.partner_id), "another interviewer of the call too")

    def test_covered_never_goes_back_and_hints_are_not_repeated(self):
        session = self.live_session()
        first = self.utter(session)
        self.assertTrue(self.submit(first)["accepted"])
        needs = session.coverage_ids.filtered(lambda c: c.key_point == "customer needs")
        dismissed = session.hint_ids.filtered(lambda h: h.code == "no_result_yet")
        dismissed.with_user(self.interviewer).action_dismiss()
        second = self.utter(session, key="utterance-0002")
        result = self.chunk_result(second, text="后来续签了。")
        result["coverage"][0]["key_points"] = [
            {"text": "customer needs", "covered": False, "partial": True, "quote": "后来续签了", "start": 0, "end": 1},
            {"text": "contract", "covered": True, "quote": "后来续签了", "start": 0, "end": 1}]
        result["competencies"] = [{"id": self.comp_cust.id, "covered": False}]
        self.assertTrue(self.submit(second, result)["accepted"])
        self.assertTrue(needs.covered, "covered never goes back")
        self.assertEqual((needs.quote, needs.utterance_id), ("先弄清楚他最担心什么", first), "the first evidence stays")
        self.assertTrue(session.coverage_ids.filtered(lambda c: c.competency_id == self.comp_cust).covered)
        self.assertTrue(session.coverage_ids.filtered(lambda c: c.key_point == "contract").covered)
        self.assertEqual(len(session.hint_ids), 4, "the same hints are not shown again, a dismissed one neither")
        self.assertEqual(dismissed.state, "dismissed")
        missing = session.hint_ids.filtered(lambda h: h.code == "key_point_missing")
        self.assertEqual(missing.state, "dismissed", "its key point was heard since")
        last = self.bus_messages(self.interviewer.partner_id)[-1]["payload"]
        self.assertIn(missing.id, [h["id"] for h in last["hints"]], "the panel is told")
        third = self.utter(session, key="utterance-0003")
        result = self.chunk_result(third, text="嗯。", coverage=[], competencies=[], hints=[
            {"code": "key_point_missing", "question_id": self.q1.id, "key_point": "contract"}])
        session.hint_ids.sudo().unlink()
        self.assertTrue(self.submit(third, result)["accepted"])
        self.assertFalse(session.hint_ids, "no hint about a key point already heard")

    def test_hints_people_pin_or_dismiss_only(self):
        session = self.live_session()
        self.assertTrue(self.submit(self.utter(session))["accepted"])
        hint = session.hint_ids[0].with_user(self.interviewer)
        hint.action_pin()
        self.assertEqual(hint.state, "pinned")
        hint.action_unpin()
        hint.action_dismiss()
        self.assertEqual(hint.state, "dismissed")
        with self.assertRaises(AccessError):
            hint.write({"code": "follow_up"})
        with self.assertRaises(AccessError):
            session.with_user(self.interviewer).write({"state": "ended"})

    def test_access(self):
        session = self.live_session()
        self.assertTrue(self.submit(self.utter(session))["accepted"])
        for model, records in (("hr.ai.live.session", session), ("hr.ai.live.hint", session.hint_ids),
                               ("hr.ai.live.utterance", session.utterance_ids),
                               ("hr.ai.live.coverage", session.coverage_ids),
                               ("hr.ai.live.consent", session.consent_ids)):
            self.assertTrue(records)
            self.assertFalse(self.env[model].with_user(self.other_interviewer).search([("id", "in", records.ids)]),
                             f"another interviewer does not see {model}")
            with self.assertRaises(AccessError):
                records.with_user(self.other_interviewer).read(["id"])
            self.assertEqual(self.env[model].with_user(self.officer).search([("id", "in", records.ids)]), records)
            self.assertEqual(self.env[model].with_user(self.interviewer).search([("id", "in", records.ids)]), records)
        with self.assertRaises(AccessError):
            session.with_user(self.other_interviewer).live_panel_data()
        # candidates (public pages) and the worker user never read hints or transcripts
        public = self.env.ref("base.public_user")
        for user in (public, self.worker):
            for model in ("hr.ai.live.hint", "hr.ai.live.utterance", "hr.ai.live.coverage", "hr.ai.live.session"):
                with self.assertRaises(AccessError):
                    self.env[model].with_user(user).search([])
        # an interviewer of the job who did not lead the call sees it too (the job's team)
        colleague = new_test_user(self.env, login="ai_live_colleague",
                                  groups="hr_recruitment.group_hr_recruitment_interviewer")
        self.job.interviewer_ids = [(4, colleague.id)]
        self.assertEqual(self.env["hr.ai.live.session"].with_user(colleague).search([("id", "=", session.id)]), session)

    def test_worker_down_banner(self):
        session = self.live_session()
        self.assertEqual(session.worker_status, "idle")
        with freeze_time(fields.Datetime.now()):
            utterance = self.utter(session)
            session.invalidate_recordset(["worker_status"])
            self.assertEqual(session.worker_status, "busy")
        with freeze_time(fields.Datetime.now() + timedelta(seconds=11)):
            session.invalidate_recordset(["worker_status"])
            self.assertEqual(session.worker_status, "no_worker")
            self.assertEqual(session.with_user(self.interviewer).live_panel_data()["session"]["worker_status"],
                             "no_worker")
            payload = self.claim()[0]
            session.invalidate_recordset(["worker_status"])
            self.assertEqual(session.worker_status, "busy", "claimed: the worker is there")
            messages = self.bus_messages(self.interviewer.partner_id)
            self.assertEqual(messages[-1]["payload"]["utterances"][0]["state"], "transcribing")
            self.queue().worker_submit(payload["id"], payload["lease_token"], self.chunk_result(utterance))
            session.invalidate_recordset(["worker_status"])
            self.assertEqual(session.worker_status, "idle")

    def test_worker_media_route(self):
        session = self.live_session()
        utterance = self.utter(session)
        key = self.env["hr.ai.analysis.job"]._generate_worker_api_key(user=self.worker)
        payload = self.claim()[0]
        url = payload["utterance"]["media_url"]
        headers = {"Authorization": f"Bearer {key}", "X-Lease-Token": payload["lease_token"]}
        good = self.url_open(url, headers=headers)
        self.assertEqual(good.status_code, 200)
        self.assertEqual(good.content, WEBM_BYTES)
        log = self.env["hr.ai.media.access"].sudo().search([("live_session_id", "=", session.id)])
        self.assertEqual(log.channel, "worker")
        self.assertEqual(self.url_open(url, headers=dict(headers, **{"X-Lease-Token": "nope"})).status_code, 404)
        self.assertEqual(self.url_open(url, headers={"X-Lease-Token": payload["lease_token"]}).status_code, 401)
        other = self.utter(session, key="utterance-0002")
        self.assertEqual(self.url_open(f"/hr_ai_interview/worker/media/live/{other.id}", headers=headers).status_code,
                         404, "the lease of one utterance opens that utterance only")
        self.assertEqual(utterance.attachment_id.file_size, len(WEBM_BYTES))

    def test_hr_listens_to_an_utterance(self):
        session = self.live_session()
        utterance = self.utter(session)
        url = f"/hr_ai_interview/live/utterance/{utterance.id}/media"
        self.authenticate("ai_other_interviewer", "ai_other_interviewer")
        self.assertEqual(self.url_open(url).status_code, 404, "not their job's interview")
        self.authenticate("ai_interviewer", "ai_interviewer")
        played = self.url_open(url)
        self.assertEqual(played.status_code, 200)
        self.assertEqual(played.content, WEBM_BYTES)
        self.assertEqual(played.headers.get("Cache-Control"), "no-store")
        log = self.env["hr.ai.media.access"].sudo().search([("live_session_id", "=", session.id)])
        self.assertEqual((log.channel, log.user_id), ("play", self.interviewer))
        self.assertEqual(utterance.with_user(self.interviewer).action_play()["url"], url)

    def test_end_report_and_retention(self):
        session = self.live_session()
        session.with_user(self.interviewer).action_set_current_question(self.q1.id)
        utterance = self.utter(session)
        self.assertTrue(self.submit(utterance)["accepted"])
        queued = self.utter(session, key="utterance-0002")
        session.with_user(self.interviewer).action_end()
        self.assertEqual(session.state, "ended")
        self.assertFalse(session.sudo().token_hash)
        self.assertEqual(set(session.hint_ids.mapped("state")), {"dismissed"}, "hints are for the call only")
        self.assertIn("Live interview ended", self.applicant.message_ids[0].body)
        # a chunk still queued is transcribed for the report, without hints
        result = self.chunk_result(queued, text="我们签了三年的合同。", coverage=[], competencies=[],
                                   hints=[{"code": "no_figure_yet", "question_id": self.q1.id}])
        self.assertTrue(self.submit(queued, result)["accepted"])
        self.assertEqual(len(session.hint_ids), 4)
        html = str(session.with_user(self.interviewer).with_context(lang="en_US").report_html)
        for text in ("先弄清楚他最担心什么", "我们签了三年的合同。", "Candidate", "not heard during the call",
                     "Customer T"):
            self.assertIn(text, html)
        for verdict in ("score", "pass", "fail", "recommend"):
            self.assertNotIn(verdict, html.lower(), "the live report is notes, not a verdict")
        self.assertIn("not rated yet", html)
        # the interviewer's own ratings of the call, beside what was heard and the job's thresholds
        action = session.with_user(self.officer).action_rate()
        self.assertEqual(action["context"]["default_kind"], "live")
        self.env["hr.ai.assessment"].with_user(self.officer).with_context(**action["context"]).create({
            "competency_id": self.comp_cust.id, "scale": "5", "rating": 4, "note": "asked for the budget"})
        session.invalidate_recordset(["report_html"])
        html = str(session.with_user(self.interviewer).with_context(lang="en_US").report_html)
        rows = re.findall(r'<tr class="o_hr_ai_live_competency[^"]*">.*?</tr>', html, re.S)
        row = next(row for row in rows if "Customer T" in row)
        self.assertRegex(row, r">\s*60\s*<", "the job's threshold")
        self.assertIn("75</b>/100", row)
        self.assertIn("asked for the budget", row)
        # retention: the same periods as recorded interviews
        attachments = session.utterance_ids.attachment_id
        self.assertEqual(len(attachments), 2)
        self.env["ir.config_parameter"].sudo().set_param("hr_ai_interview.retention_days_recordings", 30)
        self.env["ir.config_parameter"].sudo().set_param("hr_ai_interview.retention_days_transcripts", 60)
        Session = self.env["hr.ai.live.session"]
        with freeze_time(fields.Datetime.now() + timedelta(days=31)):
            self.assertGreaterEqual(Session._cron_apply_retention()["recordings"], 1)
        self.assertFalse(attachments.exists())
        self.assertTrue(utterance.text, "the transcript stays longer than the audio")
        with freeze_time(fields.Datetime.now() + timedelta(days=61)):
            Session._cron_apply_retention()
        self.assertFalse(utterance.text)
