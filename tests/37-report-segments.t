#!/bin/sh
# cs-report segments: labels in their model's order, as cs-segment(1)
# lists them (cs_segment.h), not in byte order: Platinum, Gold, Iron,
# Lead; AAA, AA, A, B, C, none; the RFM segments in their table's order;
# Loyal, Latent, Spurious, None, unknown; strategic, key, high-value,
# regular; stable, drop, lost, new, none.  Labels of user rules, in no
# list, in byte order.  By hand: four customers, one label each in the
# snapshot of 2026-06-30, each saved with 1.00 of revenue (a quarter of
# the customers and of the revenue; rules puts two in Alpha).
. "$(dirname "$0")/lib.sh"
backends sqlite pg
db=$(test_db cs.db)

printf 'customer_id,name\nC1,One\nC2,Two\nC3,Three\nC4,Four\n' >customers.csv
cs-import -q -d "$db" -t customers customers.csv
snap() {	# snap DATE MODEL LABEL-OF-C1 C2 C3 C4
	sql_do "$db" "INSERT INTO segments (as_of, model, customer_id, label, value_cents) VALUES
		('$1', '$2', 'C1', '$3', 100), ('$1', '$2', 'C2', '$4', 100),
		('$1', '$2', 'C3', '$5', 100), ('$1', '$2', 'C4', '$6', 100)"
}
snap 2026-06-30 bigcustomer regular strategic high-value key
snap 2026-06-30 churn none new drop stable
snap 2026-06-30 credit none AA C AAA
snap 2026-06-30 loyalty unknown None Loyal Spurious
snap 2026-06-30 pyramid Lead Iron Gold Platinum
snap 2026-06-30 rfm Hibernating/Lost Champions "At Risk" Loyal
snap 2026-06-30 rules zeta Alpha beta Alpha
# The month before, for the movement: pyramid C1 Platinum -> Lead, C2
# Gold -> Iron, C3 Gold -> Gold, C4 Lead -> Platinum; credit C1 AAA ->
# none, C2 AAA -> AA, C3 B -> C, C4 AAA -> AAA.
snap 2026-05-31 pyramid Platinum Gold Gold Lead
snap 2026-05-31 credit AAA AAA B AAA

run cs-report -d "$db" --as-of 2026-06-30 --format csv segments
is_status 0 "segments"
sed -n '1,/^$/p' out >mix.csv
is_file mix.csv "the mix, each model's labels in their order" <<'EOF'
model,as_of,label,customers,customer_share,revenue,revenue_share
bigcustomer,2026-06-30,strategic,1,25.00,1.00,25.00
bigcustomer,2026-06-30,key,1,25.00,1.00,25.00
bigcustomer,2026-06-30,high-value,1,25.00,1.00,25.00
bigcustomer,2026-06-30,regular,1,25.00,1.00,25.00
churn,2026-06-30,stable,1,25.00,1.00,25.00
churn,2026-06-30,drop,1,25.00,1.00,25.00
churn,2026-06-30,new,1,25.00,1.00,25.00
churn,2026-06-30,none,1,25.00,1.00,25.00
credit,2026-06-30,AAA,1,25.00,1.00,25.00
credit,2026-06-30,AA,1,25.00,1.00,25.00
credit,2026-06-30,C,1,25.00,1.00,25.00
credit,2026-06-30,none,1,25.00,1.00,25.00
loyalty,2026-06-30,Loyal,1,25.00,1.00,25.00
loyalty,2026-06-30,Spurious,1,25.00,1.00,25.00
loyalty,2026-06-30,None,1,25.00,1.00,25.00
loyalty,2026-06-30,unknown,1,25.00,1.00,25.00
pyramid,2026-06-30,Platinum,1,25.00,1.00,25.00
pyramid,2026-06-30,Gold,1,25.00,1.00,25.00
pyramid,2026-06-30,Iron,1,25.00,1.00,25.00
pyramid,2026-06-30,Lead,1,25.00,1.00,25.00
rfm,2026-06-30,Champions,1,25.00,1.00,25.00
rfm,2026-06-30,Loyal,1,25.00,1.00,25.00
rfm,2026-06-30,At Risk,1,25.00,1.00,25.00
rfm,2026-06-30,Hibernating/Lost,1,25.00,1.00,25.00
rules,2026-06-30,Alpha,2,50.00,2.00,50.00
rules,2026-06-30,beta,1,25.00,1.00,25.00
rules,2026-06-30,zeta,1,25.00,1.00,25.00

EOF
sed -n '/^model,from_date/,$p' out >movement.csv
is_file movement.csv "the movement, by from label, then to label, in their order" <<'EOF'
model,from_date,to_date,from_label,to_label,customers
credit,2026-05-31,2026-06-30,AAA,AAA,1
credit,2026-05-31,2026-06-30,AAA,AA,1
credit,2026-05-31,2026-06-30,AAA,none,1
credit,2026-05-31,2026-06-30,B,C,1
pyramid,2026-05-31,2026-06-30,Platinum,Lead,1
pyramid,2026-05-31,2026-06-30,Gold,Gold,1
pyramid,2026-05-31,2026-06-30,Gold,Iron,1
pyramid,2026-05-31,2026-06-30,Lead,Platinum,1
EOF

done_testing
