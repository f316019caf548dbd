"""Plans made directly from a small seed."""

from emulation.demo import load_seed
from emulation.models import Plan

SMALL_PLAN = {
    "school_year": "2023-2024",
    "campaign": "Đổi mới, sáng tạo trong dạy và học",
    "number": None,
    "symbol": "",
    "title": "Thực hiện phong trào thi đua năm học 2023-2024",
    "legal_bases": ["Căn cứ Luật Thi đua, khen thưởng số 06/2022/QH15;"],
    "preamble": "Nhà trường xây dựng kế hoạch như sau:",
    "sections": [
        {"level": 1, "heading": "MỤC ĐÍCH, YÊU CẦU", "body": ""},
        {"level": 2, "heading": "Mục đích", "body": "Khơi dậy tinh thần đổi mới."},
        {"level": 2, "heading": "Yêu cầu", "body": "- Thiết thực\n- Hiệu quả"},
        {"level": 1, "heading": "NỘI DUNG", "body": "", "block": "themes"},
        {"level": 1, "heading": "TIẾN ĐỘ TRIỂN KHAI", "body": "", "block": "schedule"},
    ],
    "themes": [
        {
            "name": "Chuyên đề 1: Lao động giỏi",
            "objective": "Ít nhất 2 sáng kiến",
            "audience": "CB-GV-NV",
            "content": "Thi đua lao động giỏi",
            "period": "Tháng 5 - 12/2024",
            "awards": [
                {
                    "authority": "Hiệu trưởng",
                    "award_form": "Giấy khen",
                    "collective_quantity": 1,
                    "individual_quantity": 1,
                }
            ],
        }
    ],
    "schedule": [
        {
            "period_label": "Tháng 09-10/2023",
            "activity": "Đăng ký thi đua",
            "deadline": "2023-10-30",
            "milestone": "registration",
        },
        {
            "period_label": "Quý I năm 2024",
            "activity": "Gửi hồ sơ điển hình",
            "deadline": "2024-03-10",
            "milestone": "nomination",
        },
    ],
    "closing": "Trên đây là kế hoạch của nhà trường./.",
    "recipients": ["Các tổ chuyên môn", "Lưu: VT"],
    "signatures": [{"position": "HIỆU TRƯỞNG", "signer_name": "Nguyễn Thị Bang"}],
    "annexes": [{"kind": "form_m1", "period_label": "năm học 2023 - 2024"}],
}


def make_plan(organization, status=Plan.Status.DRAFT, **changes):
    data = {**SMALL_PLAN, "organization": organization.name, **changes}
    return load_seed(data, status=status)
