"""Fixed sentences the judge compares answers with (part of the rubric version; change = new version).

``BASELINE``: generic and unrelated interview sentences per language. A key point's similarity to an
answer clause means something only against how similar the same key point is to these: raw cosine of a
small multilingual model is 0.75-0.85 even for unrelated sentences.

``STAR``: what a situation, a task, an action and a result sound like, per language, written for no
particular job. A clause is classified by what it says (nearest part, against the other parts).
"""

BASELINE = {
    "zh": [
        "我毕业于一所普通的大学，专业是市场营销。",
        "我平时喜欢跑步、看书，周末会和朋友去爬山。",
        "我觉得这份工作挺适合我的，我也很想来贵公司。",
        "我们公司大概有两百多个人，在郊区。",
        "那天下午天气很热，路上特别堵。",
        "我希望能在贵公司长期发展，学到更多东西。",
        "我的性格比较外向，喜欢和人打交道。",
        "这个问题我想一想，好像没有遇到过。",
        "我以前做过几份兼职，在餐厅端过盘子。",
        "我家离这里不远，坐地铁大概四十分钟。",
        "我觉得沟通很重要，团队合作也很重要。",
        "我是一个认真负责的人，做事比较细心。",
        "工资方面我希望能有一些提升。",
        "我一般早上八点到单位，晚上六点下班。",
        "我们部门的同事关系都挺好的，经常一起吃饭。",
        "我最近在学英语，准备考一个证书。",
        "领导对我的评价还不错，说我比较踏实。",
        "我对这个行业很感兴趣，也看过一些相关的书。",
        "公司的福利还可以，每年有一次旅游。",
        "其实我也说不太清楚，大概就是这样吧。",
        "我会继续努力，把工作做得更好。",
        "我之前的工作比较稳定，但是发展空间不大。",
        "我有驾照，也会用办公软件。",
        "嗯，这个怎么说呢，我想想。",
    ],
    "en": [
        "I graduated from a regular university where I studied business.",
        "In my free time I like running, reading and hiking with friends.",
        "I think this job is a good fit for me and I really want to join your company.",
        "Our company has around two hundred people and the office is outside the city.",
        "It was a hot afternoon and the traffic was terrible.",
        "I hope to grow with your company over the long term and keep learning.",
        "I am an outgoing person and I enjoy working with people.",
        "Let me think about that, I am not sure I have had that situation.",
        "I had a few part-time jobs before, for example in a restaurant.",
        "I live quite close, about forty minutes by train.",
        "I think communication is very important and teamwork is important too.",
        "I am a responsible and careful person who pays attention to detail.",
        "In terms of salary I would like some improvement.",
        "I usually start work at eight and finish at six.",
        "The people in my department get along well and often have lunch together.",
        "I am learning a new language at the moment and preparing for an exam.",
        "My manager says I am reliable and hard-working.",
        "I am very interested in this industry and I read a lot about it.",
        "The benefits at my last company were fine, we had a trip every year.",
        "Honestly I cannot really explain it, it was just like that.",
        "I will keep working hard and do my job even better.",
        "My previous job was stable but there was not much room to grow.",
        "I have a driving licence and I can use the usual office software.",
        "Um, how do I say this, let me think.",
    ],
}

STAR = {
    "zh": {
        "situation": [
            "去年我在一家公司做这个岗位，当时遇到了一个情况。",
            "那是一个周五的晚上，店里人很多，只有我一个人值班。",
            "当时我们部门刚换了系统，大家都不太熟悉。",
            "有一次一个老客户突然打电话来投诉。",
            "那段时间订单量比平时多了一倍，人手很紧张。",
        ],
        "task": [
            "我负责这个项目，目标是在月底前完成。",
            "领导让我在两天内把这个问题解决掉。",
            "我的任务是把这个客户留住，不能让他流失。",
            "我需要在不耽误交货的前提下把问题查清楚。",
            "这件事归我管，我必须给客户一个答复。",
        ],
        "action": [
            "我先打电话给对方，把情况问清楚，然后把数据拉出来一条一条核对。",
            "我马上把有问题的货单独放到一边，叫了同事一起检查。",
            "我带着样品去了客户那里，当面给他演示了一遍。",
            "我把流程改了一下，每天下班前我自己再检查一次。",
            "我跟供应商重新谈了价格，又调整了排班。",
        ],
        "result": [
            "最后客户签了合同，第二个月又加了订单。",
            "一个月以后错误率从百分之三降到了百分之零点五。",
            "问题解决以后就再也没有出现过，客户也没有再投诉。",
            "那个季度我们的销售额比去年增长了百分之二十。",
            "结果按时交货了，领导还在会上表扬了我们。",
        ],
    },
    "en": {
        "situation": [
            "Last year I was working as a supervisor at a mid-sized company when this happened.",
            "It was a Friday evening, the store was busy and I was the only one on shift.",
            "At the time our department had just switched to a new system.",
            "One day a long-standing customer called us to complain.",
            "During that period order volumes doubled and we were short of staff.",
        ],
        "task": [
            "I was responsible for this project and the goal was to finish by the end of the month.",
            "My manager asked me to solve the problem within two days.",
            "My job was to keep this customer from leaving.",
            "I had to find the cause without delaying the delivery.",
            "It was my account, so I had to give the customer an answer.",
        ],
        "action": [
            "I called them first to understand what happened, then I went through the data line by line.",
            "I immediately set the faulty goods aside and asked a colleague to check them with me.",
            "I took a sample to the customer and showed them in person how it works.",
            "I changed the process and checked the results myself every evening.",
            "I renegotiated the price with the supplier and adjusted the schedule.",
        ],
        "result": [
            "In the end the customer signed the contract and ordered more the next month.",
            "After a month the error rate went down from three percent to half a percent.",
            "After that the problem never came back and the customer stopped complaining.",
            "That quarter our sales grew by twenty percent compared with last year.",
            "As a result we delivered on time and my manager praised the team.",
        ],
    },
}
