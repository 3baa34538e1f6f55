#include <deal.II/base/quadrature_lib.h>
#include <deal.II/dofs/dof_tools.h>
#include <deal.II/fe/fe_values.h>
#include <deal.II/lac/dynamic_sparsity_pattern.h>
#include <deal.II/lac/solver_cg.h>
#include <deal.II/lac/solver_control.h>
#include <deal.II/lac/solver_gmres.h>
#include <deal.II/lac/sparsity_tools.h>
#include <deal.II/lac/trilinos_solver.h>
#include <deal.II/lac/trilinos_sparsity_pattern.h>
#include <deal.II/numerics/data_postprocessor.h>
#include <deal.II/numerics/vector_tools.h>

#include <fluxion/core/named_plugins.h>
#include <fluxion/core/periodic_boundaries.h>
#include <fluxion/core/translation_cache.h>
#include <fluxion/core/utilities.h>
#include <fluxion/physics/diffusion/diffusion.h>
#include <fluxion/solvers/cell_matrix_adder.h>
#include <fluxion/solvers/conforming_sparsity.h>

#include <algorithm>
#include <cmath>
#include <iomanip>
#include <sstream>

namespace Fluxion
{
  namespace
  {
    // Output of c = K u, the flux -D grad c and D, from the solution u.
    template <int dim>
    class DiffusionOutput : public DataPostprocessor<dim>
    {
    public:
      using Evaluator = std::function<
        void(const typename DoFHandler<dim>::active_cell_iterator &,
             const Point<dim> &,
             const double,
             const Tensor<1, dim> &,
             double &,
             Tensor<1, dim> &,
             double &)>;

      explicit DiffusionOutput(const Evaluator &e)
        : evaluator(e)
      {}

      void
      evaluate_scalar_field(
        const DataPostprocessorInputs::Scalar<dim> &inputs,
        std::vector<Vector<double>> &computed_quantities) const override
      {
        const auto cell = inputs.template get_cell<dim>();
        for (unsigned int q = 0; q < inputs.solution_values.size(); ++q)
          {
            double         c, D;
            Tensor<1, dim> J;
            evaluator(cell,
                      inputs.evaluation_points[q],
                      inputs.solution_values[q],
                      inputs.solution_gradients[q],
                      c,
                      J,
                      D);
            computed_quantities[q](0) = c;
            for (unsigned int d = 0; d < dim; ++d)
              computed_quantities[q](1 + d) = J[d];
            computed_quantities[q](1 + dim) = D;
          }
      }

      std::vector<std::string>
      get_names() const override
      {
        std::vector<std::string> n = {"c"};
        for (unsigned int d = 0; d < dim; ++d)
          n.push_back("flux");
        n.push_back("D");
        return n;
      }

      std::vector<DataComponentInterpretation::DataComponentInterpretation>
      get_data_component_interpretation() const override
      {
        std::vector<DataComponentInterpretation::DataComponentInterpretation> v(
          dim + 2, DataComponentInterpretation::component_is_part_of_vector);
        v.front() = DataComponentInterpretation::component_is_scalar;
        v.back()  = DataComponentInterpretation::component_is_scalar;
        return v;
      }

      UpdateFlags
      get_needed_update_flags() const override
      {
        return update_values | update_gradients | update_quadrature_points;
      }

    private:
      Evaluator evaluator;
    };
  } // namespace

  namespace
  {
    // A number for an error message, with six significant digits.
    std::string
    number(const double x)
    {
      std::ostringstream s;
      s << std::setprecision(6) << x;
      return s.str();
    }

    // The diffusivity law of each region.
    template <int dim>
    NamedPlugins<DiffusivityLaw<dim>>
    diffusivity_laws()
    {
      return {"Materials", "Diffusivity laws", MeshPart::region, "law"};
    }

    // The condition on each boundary.
    template <int dim>
    NamedPlugins<BoundaryCondition<dim>>
    boundary_conditions()
    {
      return {"Boundary conditions", "Types", MeshPart::boundary, "type"};
    }
  } // namespace

  template <int dim>
  Diffusion<dim>::Diffusion() = default;

  template <int dim>
  void
  Diffusion<dim>::declare_parameters(ParameterHandler &prm)
  {
    prm.enter_subsection("Materials");
    {
      prm.declare_entry(
        "Diffusivity laws",
        "domain: constant",
        Patterns::Anything(),
        "The diffusivity law of each material region, as 'region: law' "
        "pairs. Laws: " +
          PluginRegistry<DiffusivityLaw<dim>>::instance().names() +
          ". The parameters of each region's law go into a subsection named "
          "after the region." +
          PluginRegistry<DiffusivityLaw<dim>>::instance().descriptions());
      prm.declare_entry(
        "Partition coefficients",
        "",
        Patterns::Anything(),
        "[-] Partition coefficient K of each region, as 'region: K' pairs "
        "(default 1). Across an interface between regions a and b, "
        "c_b / c_a = K_b / K_a. K must be positive.");
    }
    prm.leave_subsection();

    prm.enter_subsection("Boundary conditions");
    {
      prm.declare_entry(
        "Types",
        "",
        Patterns::Anything(),
        "The condition on each named boundary, as 'boundary: type' pairs. "
        "Types: " +
          PluginRegistry<BoundaryCondition<dim>>::instance().names() +
          ". Unlisted boundaries are 'no flux'. The parameters of each "
          "boundary's condition go into a subsection named after the "
          "boundary." +
          PluginRegistry<BoundaryCondition<dim>>::instance().descriptions());
    }
    prm.leave_subsection();

    prm.enter_subsection("Source");
    {
      prm.declare_entry("Expression",
                        "0",
                        Patterns::Anything(),
                        "[amount/(length^dim s)] Volumetric source s(x, t), "
                        "an expression of x, y, z and t.");
    }
    prm.leave_subsection();

    prm.enter_subsection("Temperature");
    {
      prm.declare_entry("Expression",
                        "300",
                        Patterns::Anything(),
                        "[K] Temperature T(x, t), an expression of x, y, z "
                        "and t; used by temperature-dependent laws.");
    }
    prm.leave_subsection();

    prm.enter_subsection("Initial conditions");
    {
      prm.declare_entry(
        "Model",
        "function",
        Patterns::Selection(
          PluginRegistry<InitialCondition<dim>>::instance().names()),
        "How the initial concentration is given." +
          PluginRegistry<InitialCondition<dim>>::instance().descriptions());
      for (const auto &p :
           PluginRegistry<InitialCondition<dim>>::instance().all())
        {
          prm.enter_subsection(p.first);
          p.second.declare_parameters(prm);
          prm.leave_subsection();
        }
    }
    prm.leave_subsection();

    prm.enter_subsection("Discretization");
    {
      prm.declare_entry(
        "Positivity preserving",
        "auto",
        Patterns::Selection("auto|true|false"),
        "Keep concentrations non-negative for non-negative data (diffusion "
        "physics): the mass is lumped (row sums, so the amount is still the "
        "exact integral), mass-transfer boundaries use the nodal face rule, "
        "and at the local extrema of the solution a symmetric discrete "
        "diffusion cancels the positive couplings of the diffusion operator "
        "(obtuse or distorted cells, curved boundaries); it moves no "
        "substance and keeps linear solutions exact and the optimal "
        "convergence rates. Without it, the consistent mass "
        "undershoots next to steep fronts (the default example: c = -0.19 "
        "after the first step). auto: on for Q1 elements with the "
        "matrix-based operator; off for higher degrees (their element "
        "matrices couple positively in every cell, and the correction would "
        "cost the higher order everywhere) and for the matrix-free "
        "operator. true requires both Q1 and matrix-based.");
    }
    prm.leave_subsection();

    prm.enter_subsection("Solver");
    {
      prm.declare_entry(
        "Operator",
        "matrix-based",
        Patterns::Selection("matrix-based|matrix-free"),
        "How the linear systems are formed and solved. matrix-based: "
        "assembled sparse matrices (Trilinos) with the linear solver and "
        "preconditioner below; works for every problem. matrix-free: cell "
        "integrals evaluated on the fly (sum factorization), solved by CG "
        "with a geometric multigrid V-cycle (Chebyshev smoothing, AMG on the "
        "coarse mesh); several times less memory and no assembly. It "
        "requires a linear problem: diffusivities that depend on neither c "
        "nor t, no mass-transfer (Robin) boundaries, elements of degree 1 "
        "to 3, and <Linear solver> auto or cg.");
      prm.declare_entry("Multigrid smoother degree",
                        "5",
                        Patterns::Integer(1, 20),
                        "Degree of the Chebyshev smoother on each multigrid "
                        "level (matrix-free operator): matrix-vector "
                        "products per smoothing step.");
      prm.declare_entry("Linear solver",
                        "auto",
                        Patterns::Selection("auto|cg|gmres|direct"),
                        "Krylov method, or a direct solve (Amesos KLU). auto: "
                        "CG for linear (symmetric) problems, GMRES for "
                        "nonlinear ones.");
      prm.declare_entry("Preconditioner",
                        "amg",
                        Patterns::Selection("amg|ssor|jacobi"),
                        "Preconditioner of the Krylov method (Trilinos ML "
                        "AMG, SSOR or Jacobi).");
      prm.declare_entry("AMG smoother sweeps",
                        "1",
                        Patterns::Integer(1, 10),
                        "Degree of the Chebyshev smoother on each AMG level. "
                        "1 is faster overall for the diffusion benchmarks "
                        "(cheaper V-cycles, about the same number of "
                        "iterations); raise it for strongly anisotropic or "
                        "high-contrast problems that need many iterations.");
      prm.declare_entry("AMG aggregation threshold",
                        "0",
                        Patterns::Double(0, 1),
                        "Couplings weaker than this (relative) are dropped "
                        "when the AMG forms aggregates. 0 (nothing dropped) "
                        "is the fastest: the AMG then aggregates on the "
                        "matrix itself instead of building a filtered copy "
                        "(3D Poisson, 1M Q1 DoFs: setup 2-2.6 times faster "
                        "than with 1e-4, the same 15 CG iterations). A small "
                        "value (1e-4 to 1e-2) can help strongly anisotropic "
                        "or high-contrast problems. Q1 hexahedra couple "
                        "their neighbours weakly (relative strength 0.03 to "
                        "0.06 on a uniform 3D mesh), and a threshold above "
                        "that drops every coupling, so the hierarchy stops "
                        "coarsening and its setup takes minutes and "
                        "gigabytes (0.1 on 1M DoFs: over 9 minutes and 5 GB, "
                        "against 1.5 s).");
      prm.declare_entry("Linear tolerance",
                        "1e-10",
                        Patterns::Double(0),
                        "[-] Relative tolerance of the linear solve, with "
                        "respect to the norm of the Newton residual.");
      prm.declare_entry("Linear tolerance reference",
                        "residual",
                        Patterns::Selection("residual|right-hand side"),
                        "What the linear tolerance is relative to: the Newton "
                        "residual, or (linear transient problems) the norm "
                        "of the right-hand side of the system for the new "
                        "solution, as most codes do.");
      prm.declare_entry("Maximum linear iterations",
                        "1000",
                        Patterns::Integer(1),
                        "Iteration limit of the linear solve.");
      NewtonSettings newton_defaults;
      newton_defaults.max_iterations     = 25;
      newton_defaults.residual_tolerance = 1e-14;
      NewtonSettings::declare_parameters(prm, newton_defaults);
    }
    prm.leave_subsection();
  }

  template <int dim>
  void
  Diffusion<dim>::declare_named_parameters(ParameterHandler   &prm,
                                           const NamedSections which)
  {
    diffusivity_laws<dim>().declare_sections(prm, which);
    boundary_conditions<dim>().declare_sections(prm, which);
  }

  template <int dim>
  void
  Diffusion<dim>::parse_parameters(ParameterHandler &prm)
  {
    // Known before the mesh is made (multigrid needs its level hierarchy).
    matrix_free =
      prm.get(std::vector<std::string>{"Solver"}, "Operator") == "matrix-free";
  }

  template <int dim>
  void
  Diffusion<dim>::initialize(const SimulatorContext<dim> &ctx,
                             ParameterHandler            &prm)
  {
    this->store_context(ctx);

    // Materials: every region of the mesh needs a law, and every named
    // region must exist in the mesh.
    const auto k_map = parse_map(prm.get(std::vector<std::string>{"Materials"},
                                         "Partition coefficients"),
                                 "Materials/Partition coefficients");
    for (auto &law : diffusivity_laws<dim>().create(prm, ctx.region_ids))
      {
        law.plugin->length_unit_in_m = ctx.length_unit_in_m;
        region_name_of[law.id]       = law.name;
        partition[law.id]            = 1.0;
        laws[law.id]                 = std::move(law.plugin);
      }
    for (const auto &r : ctx.region_ids)
      AssertThrow(laws.count(r.second),
                  ExcMessage("Parameter <Materials/Diffusivity laws>: the "
                             "mesh region <" +
                             r.first + "> has no diffusivity law."));
    for (const auto &k : k_map)
      {
        check_mesh_name(k.first,
                        ctx.region_ids,
                        "Materials/Partition coefficients",
                        MeshPart::region);
        const double K =
          parse_double(k.second, "Materials/Partition coefficients");
        AssertThrow(K > 0,
                    ExcMessage("Parameter <Materials/Partition "
                               "coefficients>: the partition coefficient "
                               "of region <" +
                               k.first + "> must be positive, got " + k.second +
                               "."));
        partition[ctx.region_ids.at(k.first)] = K;
      }

    // Boundary conditions by name; unlisted boundaries have no flux.
    for (auto &bc : boundary_conditions<dim>().create(prm, ctx.boundary_ids))
      bcs[bc.id] = std::move(bc.plugin);
    for (const auto &b : ctx.boundary_ids)
      if (!bcs.count(b.second))
        bcs[b.second] =
          PluginRegistry<BoundaryCondition<dim>>::instance().create(
            "no flux", "Boundary conditions/Types", prm);

    prm.enter_subsection("Source");
    source_expression.initialize(prm.get("Expression"), "Source/Expression");
    prm.leave_subsection();
    prm.enter_subsection("Temperature");
    temperature_expression.initialize(prm.get("Expression"),
                                      "Temperature/Expression");
    prm.leave_subsection();
    source_depends_on_time = source_expression.uses("t");
    source_is_zero         = (source_expression.text() == "0");

    prm.enter_subsection("Initial conditions");
    {
      const std::string model = prm.get("Model");
      initial_model           = model;
      prm.enter_subsection(model);
      initial_condition =
        PluginRegistry<InitialCondition<dim>>::instance().create(
          model, "Initial conditions/Model", prm);
      prm.leave_subsection();
    }
    prm.leave_subsection();

    prm.enter_subsection("Solver");
    {
      matrix_free         = prm.get("Operator") == "matrix-free";
      mg_smoother_degree  = prm.get_integer("Multigrid smoother degree");
      linear_solver       = prm.get("Linear solver");
      preconditioner_type = prm.get("Preconditioner");
      amg_smoother_sweeps = prm.get_integer("AMG smoother sweeps");
      amg_threshold       = prm.get_double("AMG aggregation threshold");
      linear_tolerance    = prm.get_double("Linear tolerance");
      tolerance_to_rhs =
        prm.get("Linear tolerance reference") == "right-hand side";
      max_linear_iterations = prm.get_integer("Maximum linear iterations");
      newton.parse_parameters(prm, 1, "Solver");
    }
    prm.leave_subsection();

    // Which parts of the problem are nonlinear or change in time.
    nonlinear             = false;
    matrix_time_dependent = false;
    for (const auto &l : laws)
      {
        nonlinear |= l.second->depends_on_concentration();
        matrix_time_dependent |=
          l.second->depends_on_time() || (l.second->depends_on_temperature() &&
                                          temperature_expression.uses("t"));
      }
    load_time_dependent        = source_depends_on_time;
    constraints_depend_on_time = false;
    for (const auto &b : bcs)
      {
        if (b.second->is_essential())
          constraints_depend_on_time |= b.second->depends_on_time();
        else
          load_time_dependent |= b.second->depends_on_time();
      }

    // The matrix-free operator covers linear problems with fixed
    // coefficients and flux-type natural conditions.
    natural_load = false;
    for (const auto &b : bcs)
      if (!b.second->is_essential())
        {
          // The load is the flux at c = 0.
          const auto fl = b.second->flux(Point<dim>(), time, 0.0);
          natural_load |= (fl.inward_flux != 0 || b.second->depends_on_time() ||
                           !b.second->is_uniform());
          AssertThrow(!matrix_free || fl.d_inward_flux_dc == 0,
                      ExcMessage("Parameter <Solver/Operator>: the "
                                 "matrix-free operator does not support "
                                 "mass-transfer (Robin) boundaries; use "
                                 "matrix-based."));
        }
    if (matrix_free)
      {
        AssertThrow(!nonlinear,
                    ExcMessage("Parameter <Solver/Operator>: the matrix-free "
                               "operator needs a linear problem, but a "
                               "diffusivity law depends on the "
                               "concentration; use matrix-based."));
        AssertThrow(!matrix_time_dependent,
                    ExcMessage("Parameter <Solver/Operator>: the matrix-free "
                               "operator needs diffusivities that do not "
                               "change in time; use matrix-based."));
        AssertThrow(linear_solver == "auto" || linear_solver == "cg",
                    ExcMessage("Parameter <Solver/Linear solver>: the "
                               "matrix-free operator is solved by cg (set "
                               "auto or cg), not " +
                               linear_solver + "."));
        AssertThrow(degree <= 3,
                    ExcMessage("Parameter <Solver/Operator>: the matrix-free "
                               "operator supports elements of degree 1 to 3, "
                               "got " +
                               std::to_string(degree) + "."));
      }

    {
      const std::string choice =
        prm.get(std::vector<std::string>{"Discretization"},
                "Positivity preserving");
      positivity =
        choice == "true" || (choice == "auto" && degree == 1 && !matrix_free);
      AssertThrow(choice != "true" || (degree == 1 && !matrix_free),
                  ExcMessage("Parameter <Discretization/Positivity "
                             "preserving> = true needs Q1 elements "
                             "(<Discretization/Polynomial degree> = 1) and "
                             "<Solver/Operator> = matrix-based."));
    }

    fe = std::make_unique<FE_Q<dim>>(degree);
  }

  template <int dim>
  double
  Diffusion<dim>::concentration_scale(const types::material_id region) const
  {
    const auto it = partition.find(region);
    return it == partition.end() ? 1.0 : it->second;
  }

  template <int dim>
  void
  Diffusion<dim>::setup_dofs()
  {
    TimerOutput::Scope timer_scope(*context.timer, "dofs and sparsity");
    this->distribute_dofs(*fe);
    make_constraints(time);

    if (matrix_free)
      {
        dof_handler.distribute_mg_dofs();
        std::set<types::boundary_id> dirichlet;
        for (const auto &b : bcs)
          if (b.second->is_essential())
            dirichlet.insert(b.first);
        typename MultigridDiffusionSolver<dim>::Settings settings;
        settings.smoother_degree = mg_smoother_degree;
        if (!mg_solver)
          mg_solver = std::make_unique<MultigridDiffusionSolver<dim>>();
        mg_solver->reinit(
          *context.mapping,
          dof_handler,
          zero_constraints,
          dirichlet,
          [this](const typename Triangulation<dim>::cell_iterator &cell,
                 const std::vector<Point<dim>>                    &points,
                 std::vector<double>                              &conductance,
                 double                                           &capacity,
                 bool                                             &uniform) {
            cell_coefficients(cell, points, conductance, capacity, uniform);
          },
          settings,
          context.mpi_communicator);
        jacobian.clear();
      }
    // Without hanging nodes, the sparsity comes straight from the owned
    // and ghost cells (about twice as fast); otherwise it is built locally
    // and then exchanged.
    const bool conforming =
      !matrix_free &&
      has_only_fixed_dofs(zero_constraints, context.mpi_communicator);
    if (conforming)
      reinit_conforming_matrix(dof_handler,
                               locally_relevant_dofs,
                               zero_constraints,
                               context.mpi_communicator,
                               jacobian);
    else if (!matrix_free)
      // Sparsity of the condensed Jacobian.
      this->reinit_jacobian(zero_constraints, false);
    raw_mass.clear();
    raw_stiffness.clear();
    // With positivity the mass is a vector (lumped_mass).
    if (conforming && !nonlinear && !matrix_time_dependent && !context.steady)
      {
        AffineConstraints<double> none;
        none.close();
        reinit_conforming_matrix(dof_handler,
                                 locally_relevant_dofs,
                                 none,
                                 context.mpi_communicator,
                                 raw_stiffness);
        if (!positivity)
          raw_mass.reinit(raw_stiffness);
      }
    else if (!matrix_free && !nonlinear && !matrix_time_dependent &&
             !context.steady)
      {
        DynamicSparsityPattern dsp(locally_relevant_dofs);
        DoFTools::make_sparsity_pattern(dof_handler, dsp);
        SparsityTools::distribute_sparsity_pattern(dsp,
                                                   locally_owned_dofs,
                                                   context.mpi_communicator,
                                                   locally_relevant_dofs);
        raw_stiffness.reinit(locally_owned_dofs,
                             locally_owned_dofs,
                             dsp,
                             context.mpi_communicator);
        if (!positivity)
          raw_mass.reinit(raw_stiffness);
      }

    // A steady solve keeps no history.
    this->reinit_vectors(context.steady ? 0 : 3);
    history_owned.reinit(locally_owned_dofs, context.mpi_communicator);
    scratch.resize(8);
    for (auto &v : scratch)
      v.reinit(locally_owned_dofs, context.mpi_communicator);
    masters_buffer.reinit(locally_owned_dofs,
                          locally_relevant_dofs,
                          context.mpi_communicator,
                          true);
    raw_load.reinit(residual);
    condensed_load.reinit(residual);
    work.reinit(residual);

    correction.clear();
    correction_current = false;
    if (positivity)
      compute_lumped_mass();

    operators_valid = false;
    jacobian_valid  = false;
    preconditioner.reset();
  }

  template <int dim>
  void
  Diffusion<dim>::make_constraints(const double t)
  {
    // Prescribed values of u = c / K at the DoFs of essential boundaries.
    // The same pass gives each owned DoF on an essential boundary to the
    // boundary with the lowest id, for the flux balance.
    std::map<types::global_dof_index, double> values;
    essential_dof_owner.clear();
    const std::vector<Point<dim>> &unit_points = fe->get_unit_support_points();
    std::vector<types::global_dof_index> dofs(fe->n_dofs_per_cell());
    for (const auto &cell : dof_handler.active_cell_iterators())
      if (!cell->is_artificial() && cell->at_boundary())
        for (const auto f : cell->face_indices())
          if (cell->face(f)->at_boundary())
            {
              const auto bc = bcs.find(cell->face(f)->boundary_id());
              if (bc == bcs.end() || !bc->second->is_essential())
                continue;
              cell->get_dof_indices(dofs);
              const double K = concentration_scale(cell->material_id());
              for (unsigned int i = 0; i < dofs.size(); ++i)
                {
                  if (!fe->has_support_on_face(i, f))
                    continue;
                  if (locally_owned_dofs.is_element(dofs[i]))
                    {
                      const auto b  = cell->face(f)->boundary_id();
                      auto       it = essential_dof_owner.find(dofs[i]);
                      if (it == essential_dof_owner.end())
                        essential_dof_owner[dofs[i]] = b;
                      else
                        it->second = std::min(it->second, b);
                    }
                  if (values.count(dofs[i]))
                    continue;
                  {
                    // Uniform values need no support point.
                    const Point<dim> p =
                      bc->second->is_uniform() ?
                        Point<dim>() :
                        context.mapping->transform_unit_to_real_cell(
                          cell, unit_points[i]);
                    values[dofs[i]] = bc->second->concentration(p, t) / K;
                  }
                }
            }

    // Prescribed values must be numbers; any rank may find one that is not.
    bool bad_value = false;
    for (const auto &v : values)
      bad_value |= !std::isfinite(v.second);
    if (Utilities::MPI::max(bad_value ? 1 : 0, context.mpi_communicator) > 0)
      throw CollectiveError(
        "Boundary conditions: a prescribed concentration is not a finite "
        "number at t = " +
        std::to_string(t) +
        " s (check the expressions of the boundaries with prescribed "
        "concentrations).");

    for (auto it = essential_dof_owner.begin();
         it != essential_dof_owner.end();)
      if (hanging_constraints.is_constrained(it->first))
        it = essential_dof_owner.erase(it);
      else
        ++it;

    constraints.clear();
    constraints.reinit(locally_relevant_dofs);
    constraints.merge(hanging_constraints);
    zero_constraints.clear();
    zero_constraints.reinit(locally_relevant_dofs);
    zero_constraints.merge(hanging_constraints);
    for (const auto &v : values)
      if (!hanging_constraints.is_constrained(v.first))
        {
          constraints.add_line(v.first);
          constraints.set_inhomogeneity(v.first, v.second);
          zero_constraints.add_line(v.first);
        }
    constraints.close();
    zero_constraints.close();
  }

  template <int dim>
  void
  Diffusion<dim>::check_assembly_error(const std::string &message,
                                       const bool         recoverable) const
  {
    const bool any = Utilities::MPI::max(message.empty() ? 0 : 1,
                                         context.mpi_communicator) > 0;
    if (!any)
      return;
    // Share the message of the first failing rank.
    const unsigned int rank =
      Utilities::MPI::this_mpi_process(context.mpi_communicator);
    const unsigned int first =
      Utilities::MPI::min(message.empty() ?
                            std::numeric_limits<unsigned int>::max() :
                            rank,
                          context.mpi_communicator);
    std::vector<char> buffer(message.begin(), message.end());
    buffer = Utilities::MPI::broadcast(context.mpi_communicator, buffer, first);
    if (recoverable)
      throw StepError(StepFailure::invalid_state,
                      std::string(buffer.begin(), buffer.end()));
    throw CollectiveError(std::string(buffer.begin(), buffer.end()));
  }

  template <int dim>
  void
  Diffusion<dim>::refresh_history() const
  {
    if (history_stale)
      {
        history       = history_owned;
        history_stale = false;
      }
  }

  template <int dim>
  void
  Diffusion<dim>::add_natural_terms(
    const typename DoFHandler<dim>::active_cell_iterator &cell,
    FEFaceValues<dim>                                    &fe_face_values,
    const double                                          t,
    const bool                                            with_matrix,
    const bool                                            build_raw,
    FullMatrix<double>                                   &cell_matrix,
    Vector<double>                                       &cell_residual,
    FullMatrix<double>                                   &cell_stiffness,
    Vector<double>                                       &cell_load) const
  {
    // Flux, mass transfer and other natural conditions on the faces of a
    // boundary cell.
    const unsigned int  n   = fe->n_dofs_per_cell();
    const unsigned int  nfq = fe_face_values.n_quadrature_points;
    const double        K   = concentration_scale(cell->material_id());
    std::vector<double> uf(nfq);
    for (const auto fi : cell->face_indices())
      if (cell->face(fi)->at_boundary())
        {
          const auto &bc = *bcs.at(cell->face(fi)->boundary_id());
          if (bc.is_essential())
            continue;
          fe_face_values.reinit(cell, fi);
          fe_face_values.get_function_values(solution, uf);
          for (unsigned int q = 0; q < nfq; ++q)
            {
              const Point<dim> &x   = fe_face_values.quadrature_point(q);
              const auto        fl  = bc.flux(x, t, K * uf[q]);
              const double      JxW = fe_face_values.JxW(q);
              for (unsigned int i = 0; i < n; ++i)
                {
                  const double phi_i = fe_face_values.shape_value(i, q);
                  cell_residual(i) -= fl.inward_flux * phi_i * JxW;
                  if (with_matrix)
                    for (unsigned int j = 0; j < n; ++j)
                      {
                        const double m =
                          fe_face_values.shape_value(j, q) * phi_i * JxW;
                        cell_matrix(i, j) -= fl.d_inward_flux_dc * K * m;
                        if (build_raw)
                          cell_stiffness(i, j) -= fl.d_inward_flux_dc * K * m;
                      }
                  if (build_raw)
                    {
                      // The load is the flux at c = 0 (the flux is affine in
                      // c for a linear problem).
                      const double q0 =
                        fl.inward_flux - fl.d_inward_flux_dc * K * uf[q];
                      cell_load(i) += q0 * phi_i * JxW;
                    }
                }
            }
        }
  }

  template <int dim>
  void
  Diffusion<dim>::assemble_newton_system(const TimeStepData &data,
                                         const bool          with_matrix)
  {
    TimerOutput::Scope timer_scope(*context.timer, "assembly");
    refresh_history();
    const QGauss<dim>         quadrature(degree + 1);
    const Quadrature<dim - 1> face_quadrature = this->face_quadrature();
    FEValues<dim>             fe_values(*context.mapping,
                            *fe,
                            quadrature,
                            update_values | update_gradients |
                              update_quadrature_points | update_JxW_values);
    FEFaceValues<dim>         fe_face_values(*context.mapping,
                                     *fe,
                                     face_quadrature,
                                     update_values | update_quadrature_points |
                                       update_JxW_values);

    const unsigned int                   n   = fe->n_dofs_per_cell();
    const unsigned int                   nq  = quadrature.size();
    const unsigned int                   nfq = face_quadrature.size();
    FullMatrix<double>                   cell_matrix(n, n);
    Vector<double>                       cell_residual(n);
    std::vector<types::global_dof_index> dofs(n);
    std::vector<double>                  u(nq), h(nq), uf(nfq), phi(n);
    std::vector<Tensor<1, dim>>          grad_u(nq), grad(n);

    // Build the linear operators alongside the first Jacobian of a linear
    // problem.
    const bool build_raw =
      raw_stiffness.m() > 0 && !operators_valid && with_matrix;
    // With positivity, the lumped mass is added after the cell loop.
    const bool                consistent_mass = !data.steady && !positivity;
    FullMatrix<double>        cell_mass(n, n), cell_stiffness(n, n);
    Vector<double>            cell_load(n);
    AffineConstraints<double> no_constraints;
    no_constraints.close();
    if (build_raw)
      {
        if (!positivity)
          raw_mass = 0;
        raw_stiffness = 0;
        raw_load      = 0;
      }

    if (with_matrix)
      jacobian = 0;
    residual = 0;

    // With an affine mapping, a uniform diffusivity and a constant source,
    // the element matrices of a cell depend only on its shape: cells that
    // are translates of the previous one reuse its mass and stiffness
    // matrices and load vector.
    const bool try_cache = context.linear_mapping && !nonlinear &&
                           (source_is_zero || source_expression.is_constant());
    FullMatrix<double>    ref_mass(n, n), ref_stiffness(n, n);
    Vector<double>        ref_load(n), u_local(n), h_local(n), tmp(n);
    TranslationCache<dim> translations;
    const double          f_const =
      source_is_zero ? 0. : source_expression.value(Point<dim>(), data.time);

    const double    t = data.time;
    std::string     error;
    CellMatrixAdder adder;
    for (const auto &cell : dof_handler.active_cell_iterators())
      if (cell->is_locally_owned())
        {
          cell->get_dof_indices(dofs);
          const auto &cell_law = *laws.at(cell->material_id());
          if (try_cache && cell_law.is_uniform())
            {
              if (!translations.is_translate(cell))
                {
                  fe_values.reinit(cell);
                  ref_mass      = 0;
                  ref_stiffness = 0;
                  ref_load      = 0;
                  for (unsigned int q = 0; q < nq; ++q)
                    for (unsigned int i = 0; i < n; ++i)
                      {
                        const double w = fe_values.JxW(q);
                        ref_load(i) += fe_values.shape_value(i, q) * w;
                        for (unsigned int j = 0; j < n; ++j)
                          {
                            ref_mass(i, j) += fe_values.shape_value(i, q) *
                                              fe_values.shape_value(j, q) * w;
                            ref_stiffness(i, j) += fe_values.shape_grad(i, q) *
                                                   fe_values.shape_grad(j, q) *
                                                   w;
                          }
                      }
                }
              const double K = concentration_scale(cell->material_id());
              const double D = cell_law.evaluate(cell->center(), t, 0, 0).D;
              if (!(D > 0 && std::isfinite(D)) && error.empty())
                error = "Materials/" + region_name_of.at(cell->material_id()) +
                        ": the diffusivity law gave D = " + number(D) +
                        " at t = " + number(t) +
                        " s; the diffusivity must be positive.";
              const double alpha = consistent_mass ? data.alpha : 0.;
              for (unsigned int i = 0; i < n; ++i)
                for (unsigned int j = 0; j < n; ++j)
                  cell_matrix(i, j) =
                    alpha * K * ref_mass(i, j) + D * K * ref_stiffness(i, j);
              // residual = (alpha K M + D K S) u - K M h - f F
              cell->get_dof_values(solution, u_local);
              cell_matrix.vmult(cell_residual, u_local);
              if (consistent_mass)
                {
                  cell->get_dof_values(history, h_local);
                  ref_mass.vmult(tmp, h_local);
                  cell_residual.add(-K, tmp);
                }
              cell_residual.add(-f_const, ref_load);
              if (build_raw)
                {
                  for (unsigned int i = 0; i < n; ++i)
                    for (unsigned int j = 0; j < n; ++j)
                      {
                        cell_mass(i, j)      = K * ref_mass(i, j);
                        cell_stiffness(i, j) = D * K * ref_stiffness(i, j);
                      }
                  cell_load.equ(f_const, ref_load);
                }
            }
          else
            {
              fe_values.reinit(cell);
              fe_values.get_function_values(solution, u);
              fe_values.get_function_gradients(solution, grad_u);
              if (!data.steady)
                fe_values.get_function_values(history, h);
              const double K   = concentration_scale(cell->material_id());
              const auto  &law = *laws.at(cell->material_id());
              cell_matrix      = 0;
              cell_residual    = 0;
              if (build_raw)
                {
                  cell_mass      = 0;
                  cell_stiffness = 0;
                  cell_load      = 0;
                }
              for (unsigned int q = 0; q < nq; ++q)
                {
                  const Point<dim> &x  = fe_values.quadrature_point(q);
                  const double      c  = K * u[q];
                  const double      T  = temperature_expression.value(x, t);
                  const auto        dv = law.evaluate(x, t, c, T);
                  if (!(dv.D > 0 && std::isfinite(dv.D)) && error.empty())
                    error = "Materials/" +
                            region_name_of.at(cell->material_id()) +
                            ": the diffusivity law gave D = " + number(dv.D) +
                            " at c = " + number(c) + ", T = " + number(T) +
                            " K, t = " + number(t) +
                            " s; the diffusivity must be positive.";
                  const double f =
                    source_is_zero ? 0. : source_expression.value(x, t);
                  const double dt_term =
                    consistent_mass ? K * (data.alpha * u[q] - h[q]) : 0.;
                  const double JxW = fe_values.JxW(q);
                  for (unsigned int i = 0; i < n; ++i)
                    {
                      phi[i]  = fe_values.shape_value(i, q);
                      grad[i] = fe_values.shape_grad(i, q);
                    }
                  const double m_coef =
                    consistent_mass ? K * data.alpha * JxW : 0.;
                  const double k_coef = dv.D * K * JxW;
                  const double n_coef = dv.dD_dc * K * K * JxW;
                  for (unsigned int i = 0; i < n; ++i)
                    {
                      const double gu_i = grad_u[q] * grad[i];
                      cell_residual(i) +=
                        (dt_term * phi[i] - f * phi[i]) * JxW + k_coef * gu_i;
                      if (with_matrix)
                        {
                          for (unsigned int j = 0; j < n; ++j)
                            cell_matrix(i, j) += m_coef * phi[j] * phi[i] +
                                                 k_coef * (grad[j] * grad[i]);
                          if (n_coef != 0)
                            for (unsigned int j = 0; j < n; ++j)
                              cell_matrix(i, j) += n_coef * phi[j] * gu_i;
                          if (build_raw)
                            for (unsigned int j = 0; j < n; ++j)
                              {
                                cell_mass(i, j) += K * phi[j] * phi[i] * JxW;
                                cell_stiffness(i, j) +=
                                  k_coef * (grad[j] * grad[i]);
                              }
                        }
                      if (build_raw)
                        cell_load(i) += f * phi[i] * JxW;
                    }
                }
            }

          if (cell->at_boundary())
            add_natural_terms(cell,
                              fe_face_values,
                              t,
                              with_matrix,
                              build_raw,
                              cell_matrix,
                              cell_residual,
                              cell_stiffness,
                              cell_load);

          if (with_matrix)
            adder.add(zero_constraints,
                      cell_matrix,
                      cell_residual,
                      dofs,
                      jacobian,
                      residual);
          else
            zero_constraints.distribute_local_to_global(cell_residual,
                                                        dofs,
                                                        residual);
          if (build_raw)
            {
              if (!positivity)
                adder.add(no_constraints, cell_mass, dofs, raw_mass);
              adder.add(no_constraints,
                        cell_stiffness,
                        cell_load,
                        dofs,
                        raw_stiffness,
                        raw_load);
            }
        }
    // A law that is invalid at an iterate (e.g. D(c) < 0 where an iterate
    // undershoots) fails the iterate: the line search backtracks, or the
    // step is cut.
    check_assembly_error(error, true);
    if (with_matrix)
      jacobian.compress(VectorOperation::add);
    residual.compress(VectorOperation::add);
    if (positivity)
      {
        solution_owned.reinit(locally_owned_dofs, context.mpi_communicator);
        solution_owned = solution;
        add_positivity_residual(data,
                                solution_owned,
                                residual,
                                zero_constraints);
        if (with_matrix)
          add_positivity_jacobian(data);
      }
    if (build_raw)
      {
        if (!positivity)
          raw_mass.compress(VectorOperation::add);
        raw_stiffness.compress(VectorOperation::add);
        raw_load.compress(VectorOperation::add);
        operators_valid = true;
        load_time       = t;
      }
  }

  template <int dim>
  void
  Diffusion<dim>::assemble_load(const double t, const bool with_source)
  {
    TimerOutput::Scope timer_scope(*context.timer, "assembly");
    // Only the load changes in time: re-assemble it cell by cell.
    const QGauss<dim>         quadrature(degree + 1);
    const Quadrature<dim - 1> face_quadrature = this->face_quadrature();
    FEValues<dim>             fe_values(*context.mapping,
                            *fe,
                            quadrature,
                            update_values | update_quadrature_points |
                              update_JxW_values);
    FEFaceValues<dim>         fe_face_values(*context.mapping,
                                     *fe,
                                     face_quadrature,
                                     update_values | update_quadrature_points |
                                       update_JxW_values);
    const unsigned int        n = fe->n_dofs_per_cell();
    Vector<double>            cell_load(n);
    std::vector<types::global_dof_index> dofs(n);
    AffineConstraints<double>            no_constraints;
    no_constraints.close();
    std::string error;
    raw_load = 0;
    for (const auto &cell : dof_handler.active_cell_iterators())
      if (cell->is_locally_owned())
        {
          if (!with_source && !cell->at_boundary())
            continue;
          cell_load = 0;
          cell->get_dof_indices(dofs);
          if (with_source && !source_is_zero)
            {
              fe_values.reinit(cell);
              for (unsigned int q = 0; q < quadrature.size(); ++q)
                {
                  const double f =
                    source_expression.value(fe_values.quadrature_point(q), t);
                  for (unsigned int i = 0; i < n; ++i)
                    cell_load(i) +=
                      f * fe_values.shape_value(i, q) * fe_values.JxW(q);
                }
            }
          if (cell->at_boundary())
            for (const auto fi : cell->face_indices())
              if (cell->face(fi)->at_boundary())
                {
                  const auto &bc = *bcs.at(cell->face(fi)->boundary_id());
                  if (bc.is_essential())
                    continue;
                  fe_face_values.reinit(cell, fi);
                  for (unsigned int q = 0; q < face_quadrature.size(); ++q)
                    {
                      // The flux at c = 0 (the rest is in the matrix).
                      const auto fl =
                        bc.flux(fe_face_values.quadrature_point(q), t, 0.0);
                      if (fl.d_inward_flux_dc != 0 && error.empty())
                        error = "Parameter <Solver/Operator>: the "
                                "matrix-free operator does not support "
                                "boundary fluxes that depend on the "
                                "concentration; use matrix-based.";
                      for (unsigned int i = 0; i < n; ++i)
                        cell_load(i) += fl.inward_flux *
                                        fe_face_values.shape_value(i, q) *
                                        fe_face_values.JxW(q);
                    }
                }
          no_constraints.distribute_local_to_global(cell_load, dofs, raw_load);
        }
    raw_load.compress(VectorOperation::add);
    if (matrix_free)
      check_assembly_error(error);
    load_time = t;
  }

  template <int dim>
  void
  Diffusion<dim>::cell_coefficients(
    const typename Triangulation<dim>::cell_iterator &cell,
    const std::vector<Point<dim>>                    &points,
    std::vector<double>                              &conductance,
    double                                           &capacity,
    bool                                             &uniform) const
  {
    const auto  &law = *laws.at(cell->material_id());
    const double K   = concentration_scale(cell->material_id());
    capacity         = K;
    uniform          = law.is_uniform();
    // A uniform law needs neither the position nor the temperature.
    for (unsigned int q = 0; q < points.size(); ++q)
      {
        const double D =
          uniform ? law.evaluate(points[0], time, 0., 0.).D :
                    law
                      .evaluate(points[q],
                                time,
                                0.,
                                temperature_expression.value(points[q], time))
                      .D;
        if (!(D > 0 && std::isfinite(D)) && coefficient_error.empty())
          coefficient_error = "Materials/" +
                              region_name_of.at(cell->material_id()) +
                              ": the diffusivity law gave D = " + number(D) +
                              "; the diffusivity must be positive.";
        conductance[q] = D * K;
        if (uniform)
          {
            std::fill(conductance.begin(), conductance.end(), D * K);
            break;
          }
      }
  }

  template <int dim>
  void
  Diffusion<dim>::matrix_free_residual(const TimeStepData &data,
                                       const VectorType   &u_owned)
  {
    TimerOutput::Scope timer_scope(*context.timer, "matrix-free residual");
    const double       f_const =
      (source_is_zero || !source_expression.is_constant()) ?
              0. :
              source_expression.value(Point<dim>(), data.time);
    std::function<double(const Point<dim> &)> source;
    if (!source_is_zero && !source_expression.is_constant())
      source = [this, &data](const Point<dim> &x) {
        return source_expression.value(x, data.time);
      };
    mg_solver->residual(u_owned,
                        data.steady ? nullptr : &history_owned,
                        source,
                        f_const,
                        residual);
    if (natural_load)
      {
        // Boundary load, assembled and condensed when its time changes.
        if (load_time != data.time || !operators_valid)
          {
            assemble_load(data.time, false);
            condense_vector(raw_load, condensed_load);
            operators_valid = true;
          }
        residual -= condensed_load;
      }
  }

  template <int dim>
  void
  Diffusion<dim>::linear_residual(const TimeStepData &data,
                                  const VectorType   &u_owned)
  {
    TimerOutput::Scope timer_scope(*context.timer,
                                   "residual from stored matrices");
    // r = M (alpha u - hist) + A u - F, condensed.
    VectorType &tmp = scratch[4];
    VectorType &r   = scratch[5];
    raw_stiffness.vmult(r, u_owned);
    r -= raw_load;
    if (!data.steady && !positivity)
      {
        tmp = history_owned;
        tmp.sadd(-1.0, data.alpha, u_owned);
        raw_mass.vmult_add(r, tmp);
      }
    condense_residual(r);
    if (positivity)
      add_positivity_residual(data, u_owned, residual, zero_constraints);
  }

  template <int dim>
  void
  Diffusion<dim>::condense_residual(const VectorType &r)
  {
    condense_vector(r, residual);
  }

  template <int dim>
  void
  Diffusion<dim>::condense_vector(const VectorType &r, VectorType &out) const
  {
    // residual = C^T r with the constrained entries zeroed. The owner of a
    // constrained DoF sends its value to the masters, which may live on
    // other ranks.
    // The writable ghosted buffer is built once per mesh: creating its
    // communication pattern is the expensive part.
    VectorType &to_masters = masters_buffer;
    to_masters             = 0;
    for (const auto &line : zero_constraints.get_lines())
      if (locally_owned_dofs.is_element(line.index))
        {
          const double v = r[line.index];
          for (const auto &entry : line.entries)
            to_masters[entry.first] += v * entry.second;
        }
    to_masters.compress(VectorOperation::add);
    out = r;
    out += to_masters;
    for (const auto &line : zero_constraints.get_lines())
      if (locally_owned_dofs.is_element(line.index))
        out[line.index] = 0;
    out.compress(VectorOperation::insert);
  }


  template <int dim>
  void
  Diffusion<dim>::set_initial_condition()
  {
    // Interpolate c0 / K at the support points cell by cell; a uniform c0
    // without partition coefficients needs no cell loop.
    VectorType                     owned(residual);
    const std::vector<Point<dim>> &unit_points = fe->get_unit_support_points();
    std::vector<types::global_dof_index> dofs(fe->n_dofs_per_cell());
    const bool                           uniform =
      initial_condition->is_uniform() &&
      std::all_of(partition.begin(), partition.end(), [](const auto &k) {
        return k.second == 1.0;
      });
    if (uniform)
      owned = initial_condition->value(Point<dim>());
    for (const auto &cell : dof_handler.active_cell_iterators())
      if (!uniform && cell->is_locally_owned())
        {
          cell->get_dof_indices(dofs);
          const double K = concentration_scale(cell->material_id());
          for (unsigned int i = 0; i < dofs.size(); ++i)
            if (locally_owned_dofs.is_element(dofs[i]))
              owned[dofs[i]] = initial_condition->value(
                                 initial_condition->is_uniform() ?
                                   Point<dim>() :
                                   context.mapping->transform_unit_to_real_cell(
                                     cell, unit_points[i])) /
                               K;
        }
    owned.compress(VectorOperation::insert);
    // Never start from values that are not numbers.
    if (!std::isfinite(owned.l1_norm()))
      throw CollectiveError(
        "Initial conditions: the initial concentration is not a finite "
        "number somewhere in the domain (check the expression).");
    // The initial state takes the prescribed concentrations of the start
    // time: a jump of the data at a boundary DoF would otherwise enter the
    // history of the time derivative, and BDF2 would report a reaction out
    // of a boundary that feeds the domain.
    constraints.distribute(owned);
    solution = owned;
    states.fill(owned);
  }


  template <int dim>
  StepResult
  Diffusion<dim>::solve_step(const TimeStepData &data)
  {
    StepResult result;
    this->begin_step(data, &history_owned);

    // setup_dofs() made the constraints; only time-dependent values change.
    if (constraints_depend_on_time)
      make_constraints(data.time);

    // Start from the predictor (or the last solution for a steady solve),
    // with the prescribed values in place.
    // Work vectors persist between steps (allocation is not free).
    VectorType &u_owned   = scratch[0];
    VectorType &predictor = scratch[1];
    this->predict(data, u_owned);
    if (data.error_constant > 0)
      predictor = u_owned;

    // The ghosted history is refreshed from history_owned when a cell loop
    // needs it.
    if (!data.steady)
      history_stale = true;

    if (matrix_time_dependent || nonlinear)
      {
        operators_valid    = false;
        correction_current = false;
      }
    // The positivity correction is frozen over the Newton iterations of a
    // step (taken at the predictor), so the Jacobian stays exact.
    if (positivity && !correction_current)
      {
        solution = u_owned;
        update_positivity_correction(data.time);
        operators_valid = false;
        jacobian_valid  = false;
      }

    try
      {
        // Positivity: the correction acts at the local extrema of the
        // solution. Solve again while the new solution has extrema that
        // were not corrected; the selection only grows within a step
        // (after one fresh start for a steady solve, whose first guess
        // says little), so this ends after a few rounds.
        const bool select = positivity && !correction.empty();
        if (select &&
            correction.select_extrema(u_owned, zero_constraints, true))
          jacobian_valid = false;
        newton_iterations(data, u_owned, result);
        for (unsigned int round = 0; select && result.converged && round < 10;
             ++round)
          {
            if (!correction.select_extrema(u_owned,
                                           zero_constraints,
                                           data.steady && round == 0))
              break;
            jacobian_valid = false;
            newton_iterations(data, u_owned, result);
          }
      }
    catch (const CollectiveError &)
      {
        // Input errors found during assembly (e.g. a negative D) are final.
        throw;
      }
    catch (const StepError &e)
      {
        result.converged    = false;
        result.failure_type = e.type;
        result.failure      = e.what();
      }

    this->end_step(u_owned);

    // Local truncation error from the distance to the predictor.
    if (result.converged && data.error_constant > 0)
      {
        predictor -= u_owned;
        result.error_estimate = data.error_constant * predictor.linfty_norm() /
                                std::max(u_owned.linfty_norm(), 1e-300);
      }
    return result;
  }

  template <int dim>
  double
  Diffusion<dim>::total_amount(const VectorType &u) const
  {
    const QGauss<dim>   quadrature(degree + 1);
    FEValues<dim>       fe_values(*context.mapping,
                            *fe,
                            quadrature,
                            update_values | update_JxW_values);
    std::vector<double> values(quadrature.size());
    double              sum = 0;
    for (const auto &cell : dof_handler.active_cell_iterators())
      if (cell->is_locally_owned())
        {
          fe_values.reinit(cell);
          fe_values.get_function_values(u, values);
          const double K = concentration_scale(cell->material_id());
          for (unsigned int q = 0; q < quadrature.size(); ++q)
            sum += K * values[q] * fe_values.JxW(q);
        }
    return Utilities::MPI::sum(sum, context.mpi_communicator);
  }

  template <int dim>
  void
  Diffusion<dim>::before_state_transfer()
  {
    amounts_before_transfer.clear();
    for (const auto v : this->state_vectors())
      amounts_before_transfer.push_back(total_amount(*v));
  }

  template <int dim>
  void
  Diffusion<dim>::after_state_transfer(const bool conserve_amount)
  {
    bool has_essential = false;
    for (const auto &b : bcs)
      has_essential |= b.second->is_essential();
    states.take_transferred(solution, hanging_constraints);
    const auto vectors = this->state_vectors();
    // Coarsening interpolates, which does not conserve the integral;
    // without essential boundaries a uniform scaling restores it.
    if (conserve_amount && !has_essential)
      for (unsigned int k = 0;
           k < vectors.size() && k < amounts_before_transfer.size();
           ++k)
        {
          const double after = total_amount(*vectors[k]);
          if (after != 0 && amounts_before_transfer[k] != 0)
            {
              VectorType &owned = states.owned(k);
              owned *= amounts_before_transfer[k] / after;
              *vectors[k] = owned;
            }
        }
    operators_valid = false;
    jacobian_valid  = false;
  }

  template <int dim>
  void
  Diffusion<dim>::assemble_flux_residual(VectorType &r) const
  {
    const TimeStepData &data = last_step;
    refresh_history();
    const QGauss<dim>                    quadrature(degree + 1);
    FEValues<dim>                        fe_values(*context.mapping,
                            *fe,
                            quadrature,
                            update_values | update_gradients |
                              update_quadrature_points | update_JxW_values);
    const unsigned int                   n = fe->n_dofs_per_cell();
    Vector<double>                       cell_residual(n);
    std::vector<types::global_dof_index> dofs(n);
    std::vector<double>         u(quadrature.size()), h(quadrature.size());
    std::vector<Tensor<1, dim>> grad_u(quadrature.size());
    r.reinit(locally_owned_dofs, context.mpi_communicator);
    const double t = data.time;
    for (const auto &cell : dof_handler.active_cell_iterators())
      if (cell->is_locally_owned())
        {
          fe_values.reinit(cell);
          cell->get_dof_indices(dofs);
          fe_values.get_function_values(solution, u);
          fe_values.get_function_gradients(solution, grad_u);
          if (!data.steady)
            fe_values.get_function_values(history, h);
          const double K   = concentration_scale(cell->material_id());
          const auto  &law = *laws.at(cell->material_id());
          cell_residual    = 0;
          for (unsigned int q = 0; q < quadrature.size(); ++q)
            {
              const Point<dim> &x  = fe_values.quadrature_point(q);
              const auto        dv = law.evaluate(x,
                                           t,
                                           K * u[q],
                                           temperature_expression.value(x, t));
              const double      f =
                source_is_zero ? 0. : source_expression.value(x, t);
              const double dt_term = (data.steady || positivity) ?
                                       0. :
                                       K * (data.alpha * u[q] - h[q]);
              for (unsigned int i = 0; i < n; ++i)
                cell_residual(i) +=
                  (dt_term * fe_values.shape_value(i, q) +
                   dv.D * K * (grad_u[q] * fe_values.shape_grad(i, q)) -
                   f * fe_values.shape_value(i, q)) *
                  fe_values.JxW(q);
            }
          hanging_constraints.distribute_local_to_global(cell_residual,
                                                         dofs,
                                                         r);
        }
    r.compress(VectorOperation::add);
    if (positivity)
      {
        // The rows of the prescribed values included.
        solution_owned.reinit(locally_owned_dofs, context.mpi_communicator);
        solution_owned = solution;
        add_positivity_residual(data, solution_owned, r, hanging_constraints);
      }
  }

  template <int dim>
  BoundaryFluxData
  Diffusion<dim>::boundary_fluxes() const
  {
    std::map<types::boundary_id, double> flux;
    for (const auto &b : bcs)
      flux[b.first] = 0;

    // Essential boundaries: the reaction, i.e. the residual of the
    // interior equations at the boundary DoFs (natural boundary terms
    // excluded, so the corner DoFs shared with natural boundaries carry only
    // the flux through the essential side).
    bool has_essential = false;
    for (const auto &b : bcs)
      has_essential |= b.second->is_essential();
    if (has_essential)
      {
        VectorType r;
        assemble_flux_residual(r);
        for (const auto &d : essential_dof_owner)
          flux[d.second] -= r[d.first];
      }

    // Natural boundaries: the integral of the prescribed flux, which is
    // exactly what the weak form imposes (with its face rule).
    const Quadrature<dim - 1> face_quadrature = this->face_quadrature();
    FEFaceValues<dim>         fe_face_values(*context.mapping,
                                     *fe,
                                     face_quadrature,
                                     update_values | update_quadrature_points |
                                       update_JxW_values);
    std::vector<double>       uf(face_quadrature.size());
    for (const auto &cell : dof_handler.active_cell_iterators())
      if (cell->is_locally_owned() && cell->at_boundary())
        for (const auto fi : cell->face_indices())
          if (cell->face(fi)->at_boundary())
            {
              const auto  id = cell->face(fi)->boundary_id();
              const auto &bc = *bcs.at(id);
              if (bc.is_essential())
                continue;
              fe_face_values.reinit(cell, fi);
              fe_face_values.get_function_values(solution, uf);
              const double K = concentration_scale(cell->material_id());
              for (unsigned int q = 0; q < face_quadrature.size(); ++q)
                flux[id] -= bc.flux(fe_face_values.quadrature_point(q),
                                    last_step.time,
                                    K * uf[q])
                              .inward_flux *
                            fe_face_values.JxW(q);
            }

    BoundaryFluxData result(1);
    for (const auto &b : context.boundary_ids)
      result.total[0][b.first] =
        Utilities::MPI::sum(flux[b.second], context.mpi_communicator);
    return result;
  }

  template <int dim>
  void
  Diffusion<dim>::add_output_fields(DataOut<dim> &data_out) const
  {
    output_postprocessor = std::make_unique<DiffusionOutput<dim>>(
      [this](const typename DoFHandler<dim>::active_cell_iterator &cell,
             const Point<dim>                                     &x,
             const double                                          u,
             const Tensor<1, dim>                                 &grad_u,
             double                                               &c,
             Tensor<1, dim>                                       &J,
             double                                               &D) {
        const double K = concentration_scale(cell->material_id());
        c              = K * u;
        D              = laws.at(cell->material_id())
              ->evaluate(x, time, c, temperature_expression.value(x, time))
              .D;
        J = -D * K * grad_u;
      });
    data_out.add_data_vector(dof_handler, solution, *output_postprocessor);

    const auto &tria = dof_handler.get_triangulation();
    output_region.reinit(tria.n_active_cells());
    output_level.reinit(tria.n_active_cells());
    output_subdomain.reinit(tria.n_active_cells());
    for (const auto &cell : tria.active_cell_iterators())
      if (cell->is_locally_owned())
        {
          output_region(cell->active_cell_index())    = cell->material_id();
          output_level(cell->active_cell_index())     = cell->level();
          output_subdomain(cell->active_cell_index()) = cell->subdomain_id();
        }
    data_out.add_data_vector(output_region,
                             "region",
                             DataOut<dim>::type_cell_data);
    data_out.add_data_vector(output_level,
                             "level",
                             DataOut<dim>::type_cell_data);
    data_out.add_data_vector(output_subdomain,
                             "subdomain",
                             DataOut<dim>::type_cell_data);
  }

  FLUXION_REGISTER_PHYSICS(
    Diffusion,
    "diffusion",
    "Fickian diffusion dc/dt = div(D grad c) + s in one or more material "
    "regions with partition coefficients at their interfaces.")
} // namespace Fluxion
