"""What the load test (locustfile.py) and the pages benchmark (bench/pages.py) read from
pages and type into form M1: one copy for both."""

import re

CSRF = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
SELECTED = re.compile(r'name="selected" value="(\d+)"')
ROUND_LINK = re.compile(r'href="/awards/rounds/(\d+)/[?"]')
M1_TEXT = {
    "assigned_task": "Giáo viên chủ nhiệm lớp 3B",
    "fields": "teaching_method",
    "field_other": "",
    "current_state": "Học sinh còn rụt rè khi đọc trước lớp; kỹ năng tự học chưa đều.",
    "goals_and_solutions": "Tổ chức đọc theo cặp, đọc phân vai mỗi tuần; giao nhiệm vụ theo tuần.",
    "expected_results": "90% học sinh đọc to, rõ trước lớp vào cuối học kỳ I.",
    "trial_period": "Học kỳ I",
    "steps": "Khảo sát đầu năm; thử nghiệm ở lớp 3B; đánh giá giữa kỳ; điều chỉnh.",
    "dissemination_scope": "Trong tổ chuyên môn, sau đó toàn trường.",
}
